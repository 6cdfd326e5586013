// Solution 2b, the cure to ship: the ordering on the flag itself (a release store, an acquire
// load) instead of stand-alone fences. The same guarantee, and synchronisation ThreadSanitizer
// sees, so it checks everything and reports nothing.
#include <atomic>
#include <cstdio>
#include <thread>

int orders = 0;
std::atomic<bool> ready{false};

void publish(int n) {
  orders = n;
  ready.store(true, std::memory_order_release);
}

int consume() {
  while (!ready.load(std::memory_order_acquire))
    std::this_thread::yield();
  return orders;
}

int main() {
  std::jthread worker([] { publish(42); });
  std::printf("orders: %d\n", consume());
}
