// Lesson 4, the cure: take what the log line needs while the request is live (a copy, plus the
// status, which is response state and so not in the copy), then log from those, on an executor
// that main owns and shuts down.
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: log line for GET /orders/alice: GET /orders/alice -> 200
// PLAIN: log line for GET /orders/alice: GET /orders/alice -> 200
#include <minigin/minigin.h>

#include "http_client.h"
#include "later.h"
#include "worker_pool.h"

#include <cstdio>
#include <future>
#include <string>

int main() {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> log_line;
  bool first = true;
  sample::WorkerPool jobs; // owned by main, declared last: shut down (drained, joined) first

  engine.use([&](minigin::Context& c) {
    c.next();
    if (!first)
      return;
    first = false;
    jobs.submit([cp = c.copy(), status = c.response().status, &next_request_served, &log_line] {
      next_request_served.wait();
      log_line.set_value(std::string(cp.method()) + " " + std::string(cp.path()) + " -> " +
                         std::to_string(status));
    });
  });
  engine.get("/orders/:user", [](minigin::Context& c) { c.string(200, c.param("user")); });

  minigin::ServerOptions options;
  options.threads = 1;
  minigin::Server server(engine, options);
  server.start();
  sample::http_get(server.port(), "/orders/alice");
  sample::http_get(server.port(), "/orders/bob");
  next_request_served.done();

  std::printf("log line for GET /orders/alice: %s\n", log_line.get_future().get().c_str());
  server.stop();
  server.wait();
  return 0;
}
