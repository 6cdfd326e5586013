// Lesson 9, the cure: a deadline from the clock, a handler that answers at the deadline, and a
// job that is told. The job works on a copy and watches a std::stop_token; the handler waits
// for the job's answer until the deadline (now + 50 ms), then requests stop and answers 504
// without waiting for the job (Go's context.WithTimeout does the same: the handler returns at
// the deadline, the goroutine learns of it through ctx.Done()). The job runs on an executor that
// main owns and shuts down, so it outlives the request but not what it refers to.
// (A std::jthread in the handler would join at the handler's end: the 504 would wait for it.)
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: quote request answered 504 on time, before the job finished; the job was cancelled for customer=alice
// PLAIN: quote request answered 504 on time, before the job finished; the job was cancelled for customer=alice
#include <minigin/minigin.h>

#include "later.h"
#include "worker_pool.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <stop_token>
#include <string>

int main() {
  using Clock = std::chrono::steady_clock;
  minigin::Engine engine;
  sample::Later pricing_answers; // the pricing service is slow today: it answers when main says
  std::promise<std::string> job_result;
  bool answered_on_time = false;
  sample::WorkerPool jobs; // owned by main, declared last: shut down (drained, joined) first

  engine.get("/quote", [&](minigin::Context& c) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(50);
    std::stop_source stop;
    auto price = std::make_shared<std::promise<std::string>>();
    auto priced = price->get_future();
    jobs.submit([cp = c.copy(), token = stop.get_token(), price, &pricing_answers, &job_result] {
      pricing_answers.wait();
      if (token.stop_requested()) {
        job_result.set_value("cancelled for customer=" + std::string(cp.query("customer")));
        return;
      }
      price->set_value("42 for " + std::string(cp.query("customer")));
      job_result.set_value("priced for customer=" + std::string(cp.query("customer")));
    });
    if (priced.wait_until(deadline) == std::future_status::ready) {
      c.string(200, priced.get());
      return;
    }
    stop.request_stop(); // the deadline: tell the job, answer now, do not wait for it
    c.string(504, "pricing timed out");
    answered_on_time = Clock::now() < deadline + std::chrono::seconds(2);
  });
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("customer")); });

  auto r = engine.handle(minigin::Request("GET", "/quote?customer=alice"));
  auto result = job_result.get_future();
  const bool job_still_running =
      result.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  engine.handle(minigin::Request("GET", "/whoami?customer=bob"));
  pricing_answers.done();

  std::printf("quote request answered %d %s, %s; the job was %s\n", r.status,
              answered_on_time ? "on time" : "late",
              job_still_running ? "before the job finished" : "after the job finished",
              result.get().c_str());
  return 0;
}
