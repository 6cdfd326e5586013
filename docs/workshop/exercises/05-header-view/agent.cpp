// Exercise 5: a statistics job records the User-Agent of a request. It holds the header as a
// std::string_view. Which agent does it record? Fix it without changing what the job does.
// 练习 5：一个统计任务记录请求的 User-Agent，它以视图（std::string_view）持有这个请求头。
// 它记下的是哪个 agent？在不改变任务行为的前提下修好它。
// EXPECT: tsan
// EXPECT: lint racelab-context-view-escape
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <string_view>
#include <thread>

int main() {
  minigin::Engine engine;
  std::atomic<bool> later{false};
  std::promise<std::string> recorded;
  bool first = true;
  engine.get("/", [&](minigin::Context& c) {
    std::string_view agent = c.get_header("User-Agent");
    if (first) {
      first = false;
      std::thread([agent, &later, &recorded] {
        while (!later.load(std::memory_order_relaxed))
          std::this_thread::yield();
        recorded.set_value(std::string(agent));
      }).detach();
    }
    c.string(200, "hi");
  });
  engine.handle(minigin::Request("GET", "/", "", {{"User-Agent", "curl/7.88"}}));
  engine.handle(minigin::Request("GET", "/", "", {{"User-Agent", "evil/6.66"}}));
  later.store(true, std::memory_order_relaxed);
  std::printf("recorded agent: %s\n", recorded.get_future().get().c_str());
}
