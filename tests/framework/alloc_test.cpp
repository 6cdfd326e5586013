// Allocation counts, measured by replacing global operator new. Built only without sanitizers
// (they bring their own allocator).
#include <minigin/minigin.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_allocs{0};
}

void* operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
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

TEST(Allocations, CopyIsOneAllocation) {
  minigin::Engine e;
  long during_copy = -1;
  e.get("/user/:id/post/:post", [&](minigin::Context& c) {
    c.set("a", 1);
    c.set("b", 2.5);
    c.set("c", static_cast<const void*>(&c)); // small values: std::any stores them inline
    (void)c.query("x");                       // the query cache exists already
    long before = g_allocs.load();
    auto cp = c.copy();
    during_copy = g_allocs.load() - before;
    c.string(200, cp.param("id"));
  });
  auto r = e.handle(minigin::Request("GET", "/user/1/post/2?x=1&y=2"));
  EXPECT_EQ(r.body, "1");
  EXPECT_EQ(during_copy, 1);
}
