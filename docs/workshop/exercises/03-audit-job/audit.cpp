// Exercise 3: an audit job. The handler records who deleted which order, in a background thread
// so the response is not delayed. Run it under ThreadSanitizer: which user does the audit log
// name for order 7? Fix it so the log names the right user and ThreadSanitizer is silent.
// 练习 3：一个审计任务。处理函数在后台线程里记录谁删除了哪个订单，以免拖慢响应。在
// ThreadSanitizer 下运行它：审计日志说订单 7 是哪个用户删的？修好它，让日志写对用户，
// 并且 ThreadSanitizer 不再报告。
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
  std::atomic<bool> second_request_done{false};
  std::promise<std::string> audit_line;
  bool first = true;

  engine.del("/orders/:id", [&](minigin::Context& c) {
    if (first) {
      first = false;
      std::thread([&c, &second_request_done, &audit_line] {
        while (!second_request_done.load(std::memory_order_relaxed)) // "later" / “稍后”
          std::this_thread::yield();
        audit_line.set_value("order " + std::string(c.param("id")) + " deleted by " +
                             std::string(c.get_header("X-User")));
      }).detach();
    }
    c.status(204);
  });

  engine.handle(minigin::Request("DELETE", "/orders/7", "", {{"X-User", "alice"}}));
  engine.handle(minigin::Request("DELETE", "/orders/8", "", {{"X-User", "mallory"}}));
  second_request_done.store(true, std::memory_order_relaxed);
  std::printf("audit: %s\n", audit_line.get_future().get().c_str());
}
