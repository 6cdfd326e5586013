// Solution 1: the counter is a std::atomic; each increment is one indivisible step.
// 参考答案 1：计数器是 std::atomic；每次自增都是一个不可分割的原子操作。
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

std::atomic<long> hits{0};

int main() {
  minigin::Engine engine;
  engine.get("/", [](minigin::Context& c) {
    hits.fetch_add(1, std::memory_order_relaxed);
    c.string(200, "ok");
  });
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&engine] {
      for (int i = 0; i < 1000; ++i)
        engine.handle(minigin::Request("GET", "/"));
    });
  for (auto& c : clients)
    c.join();
  std::printf("%ld hits\n", hits.load());
}
