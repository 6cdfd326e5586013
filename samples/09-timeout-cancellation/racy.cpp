// Lesson 9: work that outlives its request's deadline. The handler gives up at the deadline
// and answers 504, but the background job it started knows nothing of that: it carries on and
// touches the original Context long after the request ended, when the Context serves another.
// race pair: the late job's c.query()@32:R vs the next request's use of the context (W)
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK: #{{[0-9]+}} {{.*}}09-timeout-cancellation/racy.cpp:32:{{[0-9]+}}
// CHECK: Previous write of size {{[0-9]+}} at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} main {{.*}}09-timeout-cancellation/racy.cpp:40:{{[0-9]+}}
// CHECK: SUMMARY: ThreadSanitizer: data race
// CHECK: quote request answered 504; the job still finished: priced for customer=bob
// PLAIN: quote request answered 504; the job still finished: priced for customer=bob
// LINT: racelab-context-escape@29
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  sample::Later deadline_passed, next_request_served;
  std::promise<std::string> job_result;

  engine.get("/quote", [&](minigin::Context& c) {
    std::thread([&c, &deadline_passed, &next_request_served, &job_result] {
      deadline_passed.wait(); // the pricing service is slow today
      next_request_served.wait();
      job_result.set_value("priced for customer=" + std::string(c.query("customer")));
    }).detach();
    deadline_passed.done(); // the handler's deadline: give up and answer
    c.string(504, "pricing timed out");
  });
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("customer")); });

  auto r = engine.handle(minigin::Request("GET", "/quote?customer=alice"));
  engine.handle(minigin::Request("GET", "/whoami?customer=bob"));
  next_request_served.done();

  std::printf("quote request answered %d; the job still finished: %s\n", r.status,
              job_result.get_future().get().c_str());
  return 0;
}
