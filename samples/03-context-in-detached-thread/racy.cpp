// Lesson 3: the original Context in a detached thread. The handler starts a background job that
// reads c.query("uid") after the request has ended; by then the pooled Context serves the next
// request, and the job reads someone else's uid.
// race pair: query_parsed_@36:R (the job's c.query) vs query_parsed_@40:W (Bob's c.query)
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK-NEXT: Read of size 1 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} {{.*}}03-context-in-detached-thread/racy.cpp:36:{{[0-9]+}}
// CHECK: Previous write of size 1 at {{.*}} by main thread:
// CHECK-NEXT: #0 {{.*}}minigin::{{.*}}
// CHECK: #{{[0-9]+}} {{.*}}03-context-in-detached-thread/racy.cpp:40:{{[0-9]+}}
// CHECK: #{{[0-9]+}} main {{.*}}03-context-in-detached-thread/racy.cpp:44:{{[0-9]+}}
// CHECK: SUMMARY: ThreadSanitizer: data race
// CHECK: job for uid=alice read uid=bob
// PLAIN: job for uid=alice read uid=bob
// LINT: racelab-context-escape@34
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> job_saw;

  engine.get("/report", [&](minigin::Context& c) {
    std::string uid(c.query("uid")); // read now: this one is right
    // The bug: the job holds the original context and reads it later.
    std::thread([&c, &next_request_served, &job_saw] {
      next_request_served.wait(); // "some time later"
      job_saw.set_value(std::string(c.query("uid")));
    }).detach();
    c.string(202, "report for " + uid + " queued");
  });
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("uid")); });

  // Alice's request starts the job; Bob's request reuses the same pooled Context.
  engine.handle(minigin::Request("GET", "/report?uid=alice"));
  engine.handle(minigin::Request("GET", "/whoami?uid=bob"));
  next_request_served.done();

  std::printf("job for uid=alice read uid=%s\n", job_saw.get_future().get().c_str());
  return 0;
}
