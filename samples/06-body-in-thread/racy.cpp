// Lesson 6: the request body read in another thread. The body lives in the pooled Context's
// buffer; the next request's body is written into the same buffer.
// race pair: the job's c.body()@30:R vs the next request's body (W, Context::RequestFiller)
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK: #{{[0-9]+}} {{.*}}06-body-in-thread/racy.cpp:30:{{[0-9]+}}
// CHECK: Previous write of size {{[0-9]+}} at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} main {{.*}}06-body-in-thread/racy.cpp:37:{{[0-9]+}}
// CHECK: SUMMARY: ThreadSanitizer: data race
// CHECK: job for alice's upload read: bob's private note
// PLAIN: job for alice's upload read: bob's private note
// LINT: racelab-context-escape@28
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> job_read;

  engine.post("/upload", [&](minigin::Context& c) {
    std::thread([&c, &next_request_served, &job_read] {
      next_request_served.wait(); // virus scanning takes a while
      job_read.set_value(std::string(c.body()));
    }).detach();
    c.string(202, "scanning");
  });
  engine.post("/note", [](minigin::Context& c) { c.string(201, "saved"); });

  engine.handle(minigin::Request("POST", "/upload", "alice's document"));
  engine.handle(minigin::Request("POST", "/note", "bob's private note"));
  next_request_served.done();

  std::printf("job for alice's upload read: %s\n", job_read.get_future().get().c_str());
  return 0;
}
