// Exercise 6: a report request has a deadline. When the report is not ready in time the handler
// answers 503, but the report job goes on and later reads the request's parameters. Make the
// job stop at the deadline (std::stop_token) and never touch the original context.
// 练习 6：一个报表请求有截止时间。报表没能按时准备好时，处理函数答复 503，但报表任务继续
// 运行，之后还会读取这个请求的参数。让任务在截止时间停下（std::stop_token），并且永远不碰
// 原始 context。
// EXPECT: tsan
// EXPECT: lint racelab-context-escape
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  std::atomic<bool> deadline{false}, next_served{false};
  std::promise<std::string> outcome;
  engine.get("/report/:year", [&](minigin::Context& c) {
    std::thread([&c, &deadline, &next_served, &outcome] {
      while (!deadline.load(std::memory_order_relaxed) ||
             !next_served.load(std::memory_order_relaxed))
        std::this_thread::yield();
      outcome.set_value("built the report for " + std::string(c.param("year")));
    }).detach();
    deadline.store(true, std::memory_order_relaxed);
    c.string(503, "report not ready");
  });
  engine.get("/health", [](minigin::Context& c) { c.string(200, c.path()); });

  engine.handle(minigin::Request("GET", "/report/2025"));
  engine.handle(minigin::Request("GET", "/health"));
  next_served.store(true, std::memory_order_relaxed);
  std::printf("%s\n", outcome.get_future().get().c_str());
}
