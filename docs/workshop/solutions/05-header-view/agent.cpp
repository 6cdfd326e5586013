// Solution 5: an owning std::string (the checker's fix-it writes exactly this capture). The job
// runs on a std::jthread that main owns (joined at the end), not a detached thread.
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
