// Lesson 1, cure 2: std::atomic makes the increment itself indivisible (a fetch_add).
// memory_order_relaxed is enough: every fetch_add takes its place in the counter's one
// modification order (none is lost), and main reads the total after join(), which orders each
// thread's increments before the load. It would not be enough if a reader took "the count
// reached N" to mean "the data the workers wrote is ready" while they still run: that needs a
// release increment and an acquire load.
//
// CHECK-NOT: ThreadSanitizer
// CHECK: expected 400000, got 400000 (0 updates lost)
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

std::atomic<int> counter{0};

int main(int argc, char** argv) {
  const int threads = 4;
  const int per_thread = argc > 1 ? std::atoi(argv[1]) : 100'000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([per_thread] {
      for (int i = 0; i < per_thread; ++i)
        counter.fetch_add(1, std::memory_order_relaxed);
    });
  for (auto& th : pool)
    th.join();
  const long expected = long(threads) * per_thread;
  const int got = counter.load();
  std::printf("expected %ld, got %d (%ld updates lost)\n", expected, got, expected - got);
  return 0;
}
