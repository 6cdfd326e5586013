// Lesson 1, cure 1: a mutex makes each read-modify-write of the counter one step.
//
// CHECK-NOT: ThreadSanitizer
// CHECK: expected 400000, got 400000 (0 updates lost)
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

int counter = 0;
std::mutex counter_mutex;

int main(int argc, char** argv) {
  const int threads = 4;
  const int per_thread = argc > 1 ? std::atoi(argv[1]) : 100'000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([per_thread] {
      for (int i = 0; i < per_thread; ++i) {
        std::lock_guard lock(counter_mutex);
        counter++;
      }
    });
  for (auto& th : pool)
    th.join();
  const long expected = long(threads) * per_thread;
  std::printf("expected %ld, got %d (%ld updates lost)\n", expected, counter, expected - counter);
  return 0;
}
