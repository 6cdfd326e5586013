// Solution 2b with __attribute__((no_sanitize("thread"))): the two functions' own accesses are
// not instrumented, so ThreadSanitizer never sees the write and the read of `orders`. Blunt: a
// real race inside these functions would be hidden too, and the attribute does not reach the
// functions they call (an std::string assigned here would still be checked inside libstdc++).
// 参考答案 2b，用 __attribute__((no_sanitize("thread")))：这两个函数自身的访问不被插桩，所以
// ThreadSanitizer 根本看不到对 `orders` 的写入和读取。这一招很粗暴：这两个函数里真正的数据
// 竞争也会被藏起来；而且这个属性管不到它们调用的函数（在这里给一个 std::string 赋值，
// libstdc++ 内部仍会被检查）。
#include <atomic>
#include <cstdio>
#include <thread>

int orders = 0;
std::atomic<bool> ready{false};

__attribute__((no_sanitize("thread"))) void publish(int n) {
  orders = n;
  std::atomic_thread_fence(std::memory_order_release);
  ready.store(true, std::memory_order_relaxed);
}

__attribute__((no_sanitize("thread"))) int consume() {
  while (!ready.load(std::memory_order_relaxed))
    std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  return orders;
}

int main() {
  std::jthread worker([] { publish(42); });
  std::printf("orders: %d\n", consume());
}
