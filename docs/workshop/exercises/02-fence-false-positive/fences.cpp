// Exercise 2b: a report that is not a race. The worker publishes a number with the classic fence
// pattern (write, release fence, relaxed store of a flag; relaxed load of the flag, acquire
// fence, read). That is correct C++: the fences order the write before the read. ThreadSanitizer
// does not model stand-alone fences, sees only two relaxed atomics (which order nothing) and
// reports a data race on `orders`: a false positive.
//
// Make ThreadSanitizer silent in four ways (the solutions have one file each) and say which you
// would ship: acquire/release on the flag itself; annotations (__tsan_release/__tsan_acquire);
// __attribute__((no_sanitize("thread"))); a suppression.
// EXPECT: tsan
#include <atomic>
#include <cstdio>
#include <thread>

int orders = 0; // plain data, published through `ready`
std::atomic<bool> ready{false};

void publish(int n) {
  orders = n;
  std::atomic_thread_fence(std::memory_order_release);
  ready.store(true, std::memory_order_relaxed);
}

int consume() {
  while (!ready.load(std::memory_order_relaxed))
    std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  return orders;
}

int main() {
  std::jthread worker([] { publish(42); });
  std::printf("orders: %d\n", consume());
}
