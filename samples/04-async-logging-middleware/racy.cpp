// Lesson 4: a logging middleware that writes its line asynchronously, from the original Context.
// Served over a real socket (127.0.0.1, a port the kernel picks) by one worker thread.
// race pair: the log job's c.method()@39:R vs the next request's reuse of the context (W, on
// the server's worker thread: Context::RequestFiller::finish_head for Bob's request)
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK-NEXT: Read of size {{[0-9]+}} at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} {{.*}}04-async-logging-middleware/racy.cpp:39:{{[0-9]+}}
// CHECK: Previous write of size {{[0-9]+}} at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}minigin::{{.*}}
// CHECK: SUMMARY: ThreadSanitizer: data race
// CHECK: log line for GET /orders/alice: GET /orders/bob -> 200
// PLAIN: log line for GET /orders/alice: GET /orders/bob -> 200
// LINT: racelab-context-escape@37
#include <minigin/minigin.h>

#include "http_client.h"
#include "later.h"

#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> log_line;
  bool first = true;

  engine.use([&](minigin::Context& c) {
    c.next();
    if (!first)
      return;
    first = false;
    // The bug: the log line is written later, by another thread, from the original context.
    std::thread([&c, &next_request_served, &log_line] {
      next_request_served.wait(); // the logger's queue is slow today
      log_line.set_value(std::string(c.method()) + " " + std::string(c.path()) + " -> " +
                         std::to_string(c.response().status));
    }).detach();
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
