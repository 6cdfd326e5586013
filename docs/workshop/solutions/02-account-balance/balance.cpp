// Solution 2: check and subtract in one step, with a compare-exchange loop (fetch_sub alone
// could take the balance below zero between the check and the subtraction).
// 参考答案 2：用比较并交换（compare-exchange）循环把检查和扣减合成一步（只用 fetch_sub 的话，
// 余额可能在检查和扣减之间被扣到零以下）。
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

std::atomic<int> balance{1'000'000};

bool withdraw(int amount) {
  int current = balance.load();
  do {
    if (current < amount)
      return false;
  } while (!balance.compare_exchange_weak(current, current - amount));
  return true;
}

int main() {
  std::atomic<int> granted{0};
  std::vector<std::thread> tellers;
  for (int t = 0; t < 4; ++t)
    tellers.emplace_back([&granted] {
      for (int i = 0; i < 100'000; ++i)
        if (withdraw(1))
          granted.fetch_add(1);
    });
  for (auto& t : tellers)
    t.join();
  std::printf("granted %d, balance %d, must be %d\n", granted.load(), balance.load(),
              1'000'000 - granted.load());
}
