// Lesson 9, the cure: the job works on a copy, and honours a std::stop_token that the handler
// triggers at its deadline. A std::jthread requests stop and joins when the handler leaves, so
// the job can never outlive the request.
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: quote request answered 504; the job was cancelled for customer=alice
// PLAIN: quote request answered 504; the job was cancelled for customer=alice
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <future>
#include <stop_token>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  sample::Later deadline_passed;
  std::promise<std::string> job_result;

  engine.get("/quote", [&](minigin::Context& c) {
    std::jthread job([cp = c.copy(), &deadline_passed, &job_result](std::stop_token stop) {
      deadline_passed.wait(); // the pricing service is slow today
      if (stop.stop_requested()) {
        job_result.set_value("cancelled for customer=" + std::string(cp.query("customer")));
        return;
      }
      job_result.set_value("priced for customer=" + std::string(cp.query("customer")));
    });
    job.request_stop(); // the deadline: tell the job, then answer
    deadline_passed.done();
    c.string(504, "pricing timed out");
  }); // ~jthread joins: the job is over before the Context goes back to the pool
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("customer")); });

  auto r = engine.handle(minigin::Request("GET", "/quote?customer=alice"));
  engine.handle(minigin::Request("GET", "/whoami?customer=bob"));

  std::printf("quote request answered %d; the job was %s\n", r.status,
              job_result.get_future().get().c_str());
  return 0;
}
