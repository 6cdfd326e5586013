// Solution 6: a std::jthread whose stop_token the handler triggers at the deadline; the job works
// on a copy and gives up when asked. The jthread joins before the handler returns, so the 503
// waits for the job to notice the stop: safe, but not an answer at the deadline. Sample 09's
// fixed.cpp shows the handler that answers at a deadline taken from the clock.
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <stop_token>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  std::atomic<bool> deadline{false};
  std::promise<std::string> outcome;
  engine.get("/report/:year", [&](minigin::Context& c) {
    std::jthread job([cp = c.copy(), &deadline, &outcome](std::stop_token stop) {
      while (!deadline.load(std::memory_order_relaxed))
        std::this_thread::yield();
      if (stop.stop_requested()) {
        outcome.set_value("gave up the report for " + std::string(cp.param("year")));
        return;
      }
      outcome.set_value("built the report for " + std::string(cp.param("year")));
    });
    job.request_stop();
    deadline.store(true, std::memory_order_relaxed);
    c.string(503, "report not ready");
  });
  engine.get("/health", [](minigin::Context& c) { c.string(200, c.path()); });

  engine.handle(minigin::Request("GET", "/report/2025"));
  engine.handle(minigin::Request("GET", "/health"));
  std::printf("%s\n", outcome.get_future().get().c_str());
}
