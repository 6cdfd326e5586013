// Solution 2b with __attribute__((no_sanitize("thread"))): the two functions' own accesses are
// not instrumented, so ThreadSanitizer never sees the write and the read of `orders`. Blunt: a
// real race inside these functions would be hidden too, and the attribute does not reach the
// functions they call (an std::string assigned here would still be checked inside libstdc++).
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
