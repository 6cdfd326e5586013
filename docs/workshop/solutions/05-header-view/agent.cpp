// Solution 5: an owning std::string (the checker's fix-it writes exactly this capture). The job
// runs on a std::jthread that main owns (joined at the end), not a detached thread.
// 参考答案 5：改用拥有所有权的 std::string（检查器的 fix-it 写出的正是这个捕获）。任务运行在
// main 拥有的 std::jthread 上（在末尾 join），而不是已分离的线程。
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

int main() {
  minigin::Engine engine;
  std::atomic<bool> later{false};
  std::promise<std::string> recorded;
  bool first = true;
  std::vector<std::jthread> jobs; // owned by main, declared last: joined before the rest goes
                                  // 由 main 拥有，最后声明：在其余变量销毁之前 join
  engine.get("/", [&](minigin::Context& c) {
    std::string_view agent = c.get_header("User-Agent");
    if (first) {
      first = false;
      jobs.emplace_back([agent = std::string(agent), &later, &recorded] {
        while (!later.load(std::memory_order_relaxed))
          std::this_thread::yield();
        recorded.set_value(agent);
      });
    }
    c.string(200, "hi");
  });
  engine.handle(minigin::Request("GET", "/", "", {{"User-Agent", "curl/7.88"}}));
  engine.handle(minigin::Request("GET", "/", "", {{"User-Agent", "evil/6.66"}}));
  later.store(true, std::memory_order_relaxed);
  std::printf("recorded agent: %s\n", recorded.get_future().get().c_str());
}
