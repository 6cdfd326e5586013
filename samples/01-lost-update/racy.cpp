// Lesson 1: lost updates. Four threads each add 1 to a shared counter, M times.
// race pair: counter@33:W vs counter@33:W  (counter++ is a read and a write, in every thread)
//
// Samples are built at -O0 (samples/CMakeLists.txt): at -O2 the compiler would merge the loop's
// increments into one addition per thread, and the loss would hide in the plain build.
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK-NEXT: {{Read|Write}} of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}01-lost-update/racy.cpp:33:{{[0-9]+}}
// CHECK: Previous {{read|write}} of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}01-lost-update/racy.cpp:33:{{[0-9]+}}
// CHECK: SUMMARY: ThreadSanitizer: data race {{.*}}01-lost-update/racy.cpp:33:{{[0-9]+}}
// CHECK: expected 400000, got {{[0-9]+}}
//
// A plain build shows the damage (10,000,000 increments per thread):
// PLAIN: expected 40000000, got {{[0-9]+}} ({{[1-9][0-9]*}} updates lost)
// ARGS: 100000
// LINT: racelab-unsynchronized-shared-write@33
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

int counter = 0;

int main(int argc, char** argv) {
  const int threads = 4;
  const int per_thread = argc > 1 ? std::atoi(argv[1]) : 10'000'000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([per_thread] {
      for (int i = 0; i < per_thread; ++i)
        counter++;
    });
  for (auto& th : pool)
    th.join();
  const long expected = long(threads) * per_thread;
  std::printf("expected %ld, got %d (%ld updates lost)\n", expected, counter, expected - counter);
  return 0;
}
