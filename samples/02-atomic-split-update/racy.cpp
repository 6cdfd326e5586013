// Lesson 2: an atomic read-modify-write split in two. `n = n + 1` is an atomic load, then an
// atomic store: each step is indivisible, the pair is not. Another thread's increment between
// the two is overwritten.
// race pair: none for ThreadSanitizer (every access is atomic: no data race); the race
// condition is n@28:R+W vs n@28:R+W, which racelab-atomic-split-update reports.
//
// TSAN: silent
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: expected 400000, got {{[0-9]+}}
// ARGS: 100000
// PLAIN: expected 40000000, got {{[0-9]+}} ({{[1-9][0-9]*}} updates lost)
// LINT: racelab-atomic-split-update@28
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
        n = n + 1;
    });
  for (auto& th : pool)
    th.join();
  const long expected = long(threads) * per_thread;
  const int got = n.load();
  std::printf("expected %ld, got %d (%ld updates lost)\n", expected, got, expected - got);
  return 0;
}
