// Solution 2b with a suppression: ThreadSanitizer still finds the "race", then does not print it
// (and does not count it for the exit code). A suppression names a function, file or library
// that appears in either stack of the report. Usually a file given at run time,
//   TSAN_OPTIONS=suppressions=tsan.supp   with the line   race:publish
// and here compiled into the program, so that the exercise runs the same everywhere: the
// runtime asks __tsan_default_suppressions() for suppressions before it reads the file.
// For code you cannot rebuild or annotate; a suppression hides any race through that function.
#include <atomic>
#include <cstdio>
#include <thread>

extern "C" const char* __tsan_default_suppressions() {
  return "race:publish\n";
}

int orders = 0;
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
