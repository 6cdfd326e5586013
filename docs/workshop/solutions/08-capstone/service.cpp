// Capstone, solved: a copy for the mail job, an owning string for the thumbnail job, an atomic
// counter. The jobs run on std::jthreads that main owns (joined at the end), not detached threads.
// 综合练习的答案：邮件任务用副本，缩略图任务用拥有所有权的字符串，计数器用原子变量。任务运行
// 在 main 拥有的 std::jthread 上（在末尾 join），而不是已分离的线程。
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

std::atomic<long> orders_seen{0};

int main() {
  minigin::Engine engine;
  std::atomic<bool> later{false};
  std::promise<std::string> mail, thumb;
  int checkouts = 0, uploads = 0;
  std::vector<std::jthread> jobs; // owned by main, declared last: joined before the rest goes
                                  // 由 main 拥有，最后声明：在其余变量销毁之前 join

  engine.post("/checkout", [&](minigin::Context& c) {
    if (checkouts++ == 0)
      jobs.emplace_back([cp = c.copy(), &later, &mail] {
        while (!later.load(std::memory_order_relaxed))
          std::this_thread::yield();
        mail.set_value("confirmation sent to " + std::string(cp.query("email")));
      });
    c.status(202);
  });
  engine.post("/upload", [&](minigin::Context& c) {
    std::string name(c.get_header("X-File"));
    if (uploads++ == 0)
      jobs.emplace_back([name, &later, &thumb] {
        while (!later.load(std::memory_order_relaxed))
          std::this_thread::yield();
        thumb.set_value("thumbnail made for " + name);
      });
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
              thumb.get_future().get().c_str(), orders_seen.load());
}
