// Allocation counts, measured by replacing global operator new. Built only without sanitizers
// (they bring their own allocator).
#include "allocation_counter.h"

#include <minigin/minigin.h>

#include <gtest/gtest.h>

TEST(Allocations, CopyIsOneAllocation) {
  minigin::Engine e;
  long during_copy = -1;
  e.get("/user/:id/post/:post", [&](minigin::Context& c) {
    c.set("a", 1);
    c.set("b", 2.5);
    c.set("c", static_cast<const void*>(&c)); // small values: std::any stores them inline
    (void)c.query("x");                       // the query cache exists already
    long before = allocation_counter::now();
    auto cp = c.copy();
    during_copy = allocation_counter::now() - before;
    c.string(200, cp.param("id"));
  });
  auto r = e.handle(minigin::Request("GET", "/user/1/post/2?x=1&y=2"));
  EXPECT_EQ(r.body, "1");
  EXPECT_EQ(during_copy, 1);
}
