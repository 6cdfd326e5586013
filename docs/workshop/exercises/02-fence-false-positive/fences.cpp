// Exercise 2b: a report that is not a race. The worker publishes a number with the classic fence
// pattern (write, release fence, relaxed store of a flag; relaxed load of the flag, acquire
// fence, read). That is correct C++: the fences order the write before the read. ThreadSanitizer
// does not model stand-alone fences, sees only two relaxed atomics (which order nothing) and
// reports a data race on `orders`: a false positive.
// 练习 2b：一份并非竞争的报告。工作线程用经典的栅栏模式发布一个数（写入、release 栅栏、
// 对标志做 relaxed 写入；对标志做 relaxed 读取、acquire 栅栏、读取）。这是正确的 C++：
// 栅栏保证写入先行发生于读取。ThreadSanitizer 不模拟独立的内存栅栏，只看到两次 relaxed
// 原子操作（它们不建立任何顺序），于是报告 `orders` 上的数据竞争：这是一次误报。
//
// Make ThreadSanitizer silent in four ways (the solutions have one file each) and say which you
// would ship: acquire/release on the flag itself; annotations (__tsan_release/__tsan_acquire);
// __attribute__((no_sanitize("thread"))); a suppression.
// 用四种方法让 ThreadSanitizer 不再报告（参考答案里每种方法一个文件），并说出你会交付哪一种：
// 直接在标志上使用 acquire/release；注解（__tsan_release/__tsan_acquire）；
// __attribute__((no_sanitize("thread")))；抑制规则。
// EXPECT: tsan
#include <atomic>
#include <cstdio>
#include <thread>

int orders = 0; // plain data, published through `ready` / 普通数据，经由 `ready` 发布
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
