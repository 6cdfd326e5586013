// A relaxed flag: orders two steps without synchronising them in ThreadSanitizer's eyes.
#pragma once
#include <atomic>
#include <thread>
struct Later {
  std::atomic<bool> flag{false};
  void done() { flag.store(true, std::memory_order_relaxed); }
  void wait() {
    while (!flag.load(std::memory_order_relaxed))
      std::this_thread::yield();
  }
};
