// Counts heap allocations by replacing the global operator new, for the benchmarks' allocs/op
// figures and the tests that pin them. Include it in exactly one translation unit of a program
// (replacement allocation functions may not be inline), and never in a sanitizer build: the
// sanitizers bring their own allocator.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

namespace allocation_counter {
inline std::atomic<long> count{0};

/// Allocations made by this program so far (all threads).
inline long now() {
  return count.load(std::memory_order_relaxed);
}
} // namespace allocation_counter

void* operator new(std::size_t n) {
  allocation_counter::count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
