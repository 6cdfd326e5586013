// Solution 3: the job gets c.copy(); it reads Alice's request whatever happens to the context.
// It runs on a std::jthread that main owns (joined at the end), not a detached thread.
// 参考答案 3：任务拿到的是 c.copy()；无论 context 之后遇到什么，它读到的都是 Alice 的请求。
// 它运行在 main 拥有的 std::jthread 上（在末尾 join），而不是已分离的线程。
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

int main() {
  minigin::Engine engine;
  std::atomic<bool> second_request_done{false};
  std::promise<std::string> audit_line;
  bool first = true;
  std::vector<std::jthread> jobs; // owned by main, declared last: joined before the rest goes
                                  // 由 main 拥有，最后声明：在其余变量销毁之前 join

  engine.del("/orders/:id", [&](minigin::Context& c) {
    if (first) {
      first = false;
      jobs.emplace_back([cp = c.copy(), &second_request_done, &audit_line] {
        while (!second_request_done.load(std::memory_order_relaxed))
          std::this_thread::yield();
        audit_line.set_value("order " + std::string(cp.param("id")) + " deleted by " +
                             std::string(cp.get_header("X-User")));
      });
    }
    c.status(204);
  });

  engine.handle(minigin::Request("DELETE", "/orders/7", "", {{"X-User", "alice"}}));
  engine.handle(minigin::Request("DELETE", "/orders/8", "", {{"X-User", "mallory"}}));
  second_request_done.store(true, std::memory_order_relaxed);
  std::printf("audit: %s\n", audit_line.get_future().get().c_str());
}
