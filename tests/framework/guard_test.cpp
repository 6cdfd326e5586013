// Guard mode: each kind of violation is caught, reported with the request, the thread, what was
// touched and the cure, and then aborts (or only logs).
#include <minigin/minigin.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

using minigin::Context;
using minigin::Engine;
using minigin::GuardMode;
using minigin::Request;

namespace {

minigin::EngineOptions guarded(GuardMode m) {
  minigin::EngineOptions o;
  o.guard = m;
  return o;
}

class GuardDeathTest : public ::testing::Test {
protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

} // namespace

TEST_F(GuardDeathTest, UseAfterTheRequestEndedAborts) {
  EXPECT_DEATH(
      {
        Engine e(guarded(GuardMode::Abort));
        Context* stale = nullptr;
        e.get("/user/:id", [&](Context& c) {
          stale = &c;
          c.string(200, "ok");
        });
        e.handle(Request("GET", "/user/42"));
        (void)stale->query("uid");
      },
      "minigin guard: Context::get_query\\(\\) called on a context that was released to the "
      "pool(.|\n)*last request: GET /user/42 \\(generation 1\\)(.|\n)*cure: (.|\n)*c.copy\\(\\)");
}

TEST_F(GuardDeathTest, ReadFromAnotherThreadAborts) {
  EXPECT_DEATH(
      {
        Engine e(guarded(GuardMode::Abort));
        e.get("/p", [](Context& c) {
          std::thread([&c] { (void)c.param("id"); }).join();
          c.string(200, "ok");
        });
        e.handle(Request("GET", "/p"));
      },
      "Context::param\\(\\) called from thread .*, but the context belongs to thread "
      "(.|\n)*it now serves: GET /p");
}

TEST_F(GuardDeathTest, WriteFromAnotherThreadAborts) {
  EXPECT_DEATH(
      {
        Engine e(guarded(GuardMode::Abort));
        e.get("/w", [](Context& c) { std::thread([&c] { c.string(200, "late"); }).join(); });
        e.handle(Request("GET", "/w"));
      },
      "Context::string\\(\\) called from thread");
}

TEST_F(GuardDeathTest, KeysFromAnotherThreadAbort) {
  EXPECT_DEATH(
      {
        Engine e(guarded(GuardMode::Abort));
        e.get("/k", [](Context& c) {
          c.set("user", 1);
          std::thread([&c] { (void)c.get("user"); }).join();
        });
        e.handle(Request("GET", "/k"));
      },
      "Context::get\\(\\) called from thread");
}

TEST_F(GuardDeathTest, CopyFromAnotherThreadAborts) {
  EXPECT_DEATH(
      {
        Engine e(guarded(GuardMode::Abort));
        e.get("/c", [](Context& c) { std::thread([&c] { (void)c.copy(); }).join(); });
        e.handle(Request("GET", "/c"));
      },
      "Context::copy\\(\\) called from thread");
}

TEST(Guard, LogModeReportsAndCarriesOn) {
  Engine e(guarded(GuardMode::Log));
  Context* stale = nullptr;
  e.get("/log", [&](Context& c) {
    stale = &c;
    c.string(200, "ok");
  });
  e.handle(Request("GET", "/log"));
  testing::internal::CaptureStderr();
  std::string_view m = stale->method();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(m, "GET");
  EXPECT_NE(err.find("Context::method() called on a context that was released"), std::string::npos)
      << err;
}

TEST(Guard, SilentWhenTheCopyCrossesThreads) {
  Engine e(guarded(GuardMode::Abort));
  e.get("/ok", [](Context& c) {
    auto cp = c.copy();
    std::string got;
    std::thread([&got, cp = std::move(cp)] { got = std::string(cp.path()); }).join();
    c.string(200, got);
  });
  testing::internal::CaptureStderr();
  EXPECT_EQ(e.handle(Request("GET", "/ok")).body, "/ok");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Guard, ModeFromEnvironment) {
  auto with = [](const char* v) {
    if (v)
      setenv("MINIGIN_GUARD", v, 1);
    else
      unsetenv("MINIGIN_GUARD");
    return minigin::guard_mode_from_env();
  };
  EXPECT_EQ(with(nullptr), GuardMode::Off);
  EXPECT_EQ(with("0"), GuardMode::Off);
  EXPECT_EQ(with("off"), GuardMode::Off);
  EXPECT_EQ(with("1"), GuardMode::Abort);
  EXPECT_EQ(with("abort"), GuardMode::Abort);
  EXPECT_EQ(with("log"), GuardMode::Log);
  testing::internal::CaptureStderr();
  EXPECT_EQ(with("yes please"), GuardMode::Abort) << "a typo must not switch the guard off";
  EXPECT_NE(testing::internal::GetCapturedStderr().find("MINIGIN_GUARD=yes please"),
            std::string::npos);
  unsetenv("MINIGIN_GUARD");
  EXPECT_EQ(Engine().options().guard, GuardMode::Off);
}
