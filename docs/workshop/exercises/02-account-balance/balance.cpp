// Exercise 2: withdrawals from an account. `balance` is a std::atomic, so ThreadSanitizer has
// nothing to say, yet money appears from nowhere: run it a few times and compare the final
// balance with what it must be. Find the bug with the linter, then fix it, keeping the rule
// that a withdrawal never takes the balance below zero.
// 练习 2：从一个账户取款。`balance` 是 std::atomic，所以 ThreadSanitizer 无话可说，钱却凭空
// 多了出来：多运行几次，把最终余额和它应有的值比一比。用 linter 找出这个缺陷，然后修好它，
// 同时守住“取款绝不能让余额低于零”这条规则。
// EXPECT: lint racelab-atomic-split-update
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

std::atomic<int> balance{1'000'000};

bool withdraw(int amount) {
  if (balance < amount)
    return false;
  balance = balance - amount;
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
