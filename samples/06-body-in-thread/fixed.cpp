// Lesson 6, the cure: read the body in the handler, into a std::string, and move that string
// into the job, which runs on an executor that main owns and shuts down.
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: job for alice's upload read: alice's document
// PLAIN: job for alice's upload read: alice's document
#include <minigin/minigin.h>

#include "later.h"
#include "worker_pool.h"

#include <cstdio>
#include <future>
#include <string>

int main() {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> job_read;
  sample::WorkerPool jobs; // owned by main, declared last: shut down (drained, joined) first

  engine.post("/upload", [&](minigin::Context& c) {
    std::string body(c.body());
    jobs.submit([body = std::move(body), &next_request_served, &job_read] {
      next_request_served.wait();
      job_read.set_value(body);
    });
    c.string(202, "scanning");
  });
  engine.post("/note", [](minigin::Context& c) { c.string(201, "saved"); });

  engine.handle(minigin::Request("POST", "/upload", "alice's document"));
  engine.handle(minigin::Request("POST", "/note", "bob's private note"));
  next_request_served.done();

  std::printf("job for alice's upload read: %s\n", job_read.get_future().get().c_str());
  return 0;
}
