// Lesson 2, the cure: one atomic read-modify-write (fetch_add; `n += 1` is the same).
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: expected 400000, got 400000 (0 updates lost)
// ARGS: 100000
// PLAIN: expected 40000000, got 40000000 (0 updates lost)
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

std::atomic<int> n{0};

int main(int argc, char** argv) {
  const int threads = 4;
  const int per_thread = argc > 1 ? std::atoi(argv[1]) : 10'000'000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([per_thread] {
      for (int i = 0; i < per_thread; ++i)
        n.fetch_add(1);
    });
  for (auto& th : pool)
    th.join();
  const long expected = long(threads) * per_thread;
  const int got = n.load();
  std::printf("expected %ld, got %d (%ld updates lost)\n", expected, got, expected - got);
  return 0;
}
