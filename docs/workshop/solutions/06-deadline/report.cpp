// Solution 6: a std::jthread whose stop_token the handler triggers at the deadline; the job works
// on a copy and gives up when asked. The jthread joins before the handler returns, so the 503
// waits for the job to notice the stop: safe, but not an answer at the deadline. Sample 09's
// fixed.cpp shows the handler that answers at a deadline taken from the clock.
// 参考答案 6：一个 std::jthread，处理函数在截止时间触发它的 stop_token；任务基于副本工作，
// 被要求停止时就放弃。jthread 在处理函数返回之前 join，所以 503 要等任务注意到停止请求：
// 安全，但并没有在截止时间作答。示例 09 的 fixed.cpp 展示了在取自时钟的截止时间作答的
// 处理函数。
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
