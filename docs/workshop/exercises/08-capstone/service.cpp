// Capstone: a small order service with three planted bugs. Find them all, with
//   * ThreadSanitizer (run the TSan build),
//   * guard mode (MINIGIN_GUARD=1: the first misuse of a Context aborts with a diagnosis),
//   * the linter (build/bin/racelab lint ...),
// then fix them so that all three are silent and the output is right:
//   confirmation sent to alice@example.com
//   thumbnail made for cat.png
//   orders seen: 3
// 综合练习：一个小小的订单服务，里面埋了三个缺陷。用这三样工具把它们全部找出来：
//   * ThreadSanitizer（运行 TSan 构建），
//   * guard 模式（MINIGIN_GUARD=1：第一次误用 Context 时中止并给出诊断），
//   * linter（build/bin/racelab lint ...），
// 然后修好它们，让三者都不再报告，并且输出正确（就是上面那三行）。
// EXPECT: tsan
// EXPECT: guard
// EXPECT: lint racelab-context-escape racelab-context-view-escape racelab-unsynchronized-shared-write
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

long orders_seen = 0;

int main() {
  minigin::Engine engine;
  std::atomic<bool> later{false};
  std::promise<std::string> mail, thumb;
  int checkouts = 0, uploads = 0;

  engine.post("/checkout", [&](minigin::Context& c) {
    if (checkouts++ == 0)
      std::thread([&c, &later, &mail] {
        while (!later.load(std::memory_order_relaxed))
          std::this_thread::yield();
        mail.set_value("confirmation sent to " + std::string(c.query("email")));
      }).detach();
    c.status(202);
  });
  engine.post("/upload", [&](minigin::Context& c) {
    std::string_view name = c.get_header("X-File");
    if (uploads++ == 0)
      std::thread([name, &later, &thumb] {
        while (!later.load(std::memory_order_relaxed))
          std::this_thread::yield();
        thumb.set_value("thumbnail made for " + std::string(name));
      }).detach();
    c.status(202);
  });

  std::vector<std::thread> counters;
  for (int i = 0; i < 3; ++i)
    counters.emplace_back([] { orders_seen++; });
  for (auto& t : counters)
    t.join();

  engine.handle(minigin::Request("POST", "/checkout?email=alice@example.com"));
  engine.handle(minigin::Request("POST", "/checkout?email=bob@example.org"));
  engine.handle(minigin::Request("POST", "/upload", "", {{"X-File", "cat.png"}}));
  engine.handle(minigin::Request("POST", "/upload", "", {{"X-File", "dog.gif"}}));
  later.store(true, std::memory_order_relaxed);
  std::printf("%s\n%s\norders seen: %ld\n", mail.get_future().get().c_str(),
              thumb.get_future().get().c_str(), orders_seen);
}
