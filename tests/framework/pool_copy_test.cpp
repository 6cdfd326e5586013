// The pool reuses Contexts (and their buffers); copy() is what survives that.
#include <minigin/minigin.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using minigin::Context;
using minigin::ContextCopy;
using minigin::Engine;
using minigin::Request;

TEST(Pool, OneContextIsReusedAndItsGenerationCounts) {
  Engine e;
  std::vector<const Context*> seen;
  std::vector<std::uint64_t> generations;
  e.get("/", [&](Context& c) {
    seen.push_back(&c);
    generations.push_back(c.generation());
    c.string(200, "");
  });
  for (int i = 0; i < 3; ++i)
    e.handle(Request("GET", "/"));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_EQ(seen[1], seen[2]);
  EXPECT_EQ(generations, (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(e.pool().created(), 1u);
  EXPECT_EQ(e.pool().idle(), 1u);
}

TEST(Pool, AViewKeptPastItsRequestReadsTheNextRequest) {
  // The lesson in one test: the bytes behind a string_view are recycled, not freed.
  Engine e;
  std::string_view kept;
  std::string_view kept_param;
  e.get("/u/:name", [&](Context& c) {
    std::string_view uid = c.query("uid");
    if (kept.empty()) {
      kept = uid;
      kept_param = c.param("name");
    }
    c.string(200, "");
  });
  e.handle(Request("GET", "/u/carol?uid=alice"));
  EXPECT_EQ(kept, "alice");
  EXPECT_EQ(kept_param, "carol");
  e.handle(Request("GET", "/u/david?uid=bobby"));
  EXPECT_EQ(kept, "bobby") << "the pooled query buffer was reused in place by the next request";
  EXPECT_EQ(kept_param, "david") << "so was the path buffer";
}

TEST(Pool, ConcurrentRequestsGetDistinctContexts) {
  Engine e;
  std::mutex mu;
  std::condition_variable cv;
  int inside = 0;
  e.get("/", [&](Context& c) {
    std::unique_lock lock(mu);
    ++inside;
    cv.notify_all();
    cv.wait(lock, [&] { return inside == 2; }); // both requests are in flight at once
    c.string(200, "");
  });
  std::thread a([&] { e.handle(Request("GET", "/")); });
  std::thread b([&] { e.handle(Request("GET", "/")); });
  a.join();
  b.join();
  EXPECT_EQ(e.pool().created(), 2u);
  EXPECT_EQ(e.pool().idle(), 2u);
}

TEST(Copy, HoldsTheWholeRequestAndOutlivesIt) {
  Engine e;
  std::optional<ContextCopy> kept;
  e.post("/user/:id", [&](Context& c) {
    c.set("role", std::string("admin"));
    c.set("n", 7);
    if (!kept)
      kept.emplace(c.copy());
    c.string(200, "");
  });
  Request r("POST", "/user/42?uid=alice&tag=a&tag=b", "name=x&y=%20",
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", "sid=abc"}});
  r.remote_addr = "192.0.2.5";
  e.handle(r);
  // Another request reuses the same pooled Context and overwrites everything it had.
  e.handle(Request("POST", "/user/99?uid=mallory", "name=zzz",
                   {{"Content-Type", "application/x-www-form-urlencoded"}}));
  ASSERT_TRUE(kept);
  const ContextCopy& cp = *kept;
  EXPECT_EQ(cp.method(), "POST");
  EXPECT_EQ(cp.path(), "/user/42");
  EXPECT_EQ(cp.full_path(), "/user/:id");
  EXPECT_EQ(cp.param("id"), "42");
  EXPECT_EQ(cp.query("uid"), "alice");
  EXPECT_EQ(cp.query_array("tag"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(cp.post_form("name"), "x");
  EXPECT_EQ(cp.post_form("y"), " ");
  EXPECT_EQ(cp.get_header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(cp.cookie("sid"), std::optional<std::string_view>("abc"));
  EXPECT_EQ(cp.body(), "name=x&y=%20");
  EXPECT_EQ(cp.client_ip(), "192.0.2.5");
  EXPECT_EQ(cp.must_get<std::string>("role"), "admin");
  EXPECT_EQ(cp.must_get<int>("n"), 7);
  EXPECT_EQ(cp.generation(), 1u);

  ContextCopy moved = std::move(*kept);
  kept.reset();
  EXPECT_EQ(moved.query("uid"), "alice") << "moving keeps the block and its views";
}

namespace {
template <class T>
concept WritesString = requires(T& c) { c.string(200, ""); };
template <class T>
concept WritesJson = requires(T& c) { c.json(200, nlohmann::json{}); };
template <class T>
concept SetsKeys = requires(T& c) { c.set("k", 1); };
template <class T>
concept RunsChain = requires(T& c) { c.next(); };
} // namespace

TEST(Copy, HasNoResponseApi) {
  // Each concept holds for Context, so these would fail if ContextCopy grew a writer.
  static_assert(WritesString<Context> && WritesJson<Context> && SetsKeys<Context> &&
                RunsChain<Context>);
  static_assert(!WritesString<ContextCopy> && !WritesJson<ContextCopy>);
  static_assert(!SetsKeys<ContextCopy> && !RunsChain<ContextCopy>);
  static_assert(!std::is_copy_constructible_v<ContextCopy>);
  static_assert(std::is_nothrow_move_constructible_v<ContextCopy>);
  SUCCEED();
}

TEST(Copy, CopiesInOtherThreadsStayRightWhileTheContextIsReused) {
  // The tsan preset runs this: a worker reads copies while the engine keeps reusing the one
  // pooled Context for new requests. Any sharing between a copy and the Context is a report.
  Engine e;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::pair<std::string, ContextCopy>> jobs;
  bool done = false;
  e.get("/job", [&](Context& c) {
    std::string expected(c.query("uid"));
    {
      std::lock_guard lock(mu);
      jobs.emplace_back(std::move(expected), c.copy());
    }
    cv.notify_one();
    c.string(202, "queued");
  });
  int checked = 0, wrong = 0;
  std::thread worker([&] {
    while (true) {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return done || !jobs.empty(); });
      if (jobs.empty())
        return;
      auto [expected, cp] = std::move(jobs.front());
      jobs.pop_front();
      lock.unlock();
      if (cp.query("uid") != expected || cp.path() != "/job")
        ++wrong;
      ++checked;
    }
  });
  for (int i = 0; i < 2000; ++i)
    e.handle(Request("GET", "/job?uid=user" + std::to_string(i)));
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_one();
  worker.join();
  EXPECT_EQ(checked, 2000);
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(e.pool().created(), 1u);
}
