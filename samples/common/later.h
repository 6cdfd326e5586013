// Orders two steps of a sample in time WITHOUT telling ThreadSanitizer about it.
//
// A lesson needs "the job runs after the next request has reused the context" to happen on
// every run, not by luck. A relaxed atomic flag does that: ThreadSanitizer treats relaxed loads
// and stores as no synchronisation, so the race between the two steps is still reported.
// A sleep would be luck, and a mutex or condition variable would be real synchronisation and
// hide the race (the same trick as compiler-rt's own TSan tests and their invisible barrier).
#pragma once

#include <atomic>
#include <thread>

namespace sample {

class Later {
public:
  /// Marks the step done (the other side may now go on).
  void done() { flag_.store(true, std::memory_order_relaxed); }
  /// Waits until done() was called.
  void wait() const {
    while (!flag_.load(std::memory_order_relaxed))
      std::this_thread::yield();
  }

private:
  std::atomic<bool> flag_{false};
};

} // namespace sample
