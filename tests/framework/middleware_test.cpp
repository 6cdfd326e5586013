#include <minigin/minigin.h>

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using minigin::Context;
using minigin::Engine;
using minigin::Request;

TEST(Middleware, LoggerWritesOneLinePerRequest) {
  std::ostringstream out;
  minigin::RequestLog log(out);
  Engine e;
  e.use(minigin::logger(log));
  e.get("/user/:id", [](Context& c) { c.string(201, "x"); });
  Request r("GET", "/user/7");
  r.remote_addr = "192.0.2.1";
  e.handle(r);
  e.handle(Request("GET", "/missing"));
  ASSERT_TRUE(log.flush(std::chrono::seconds(10)));
  std::string s = out.str();
  std::regex line(R"(\[minigin\] 201 \| [0-9]+\.[0-9]{3}ms \| 192\.0\.2\.1 \| GET /user/7
\[minigin\] 404 \| [0-9]+\.[0-9]{3}ms \| 127\.0\.0\.1 \| GET /missing
)");
  EXPECT_TRUE(std::regex_match(s, line)) << s;
}

TEST(Middleware, RecoveryTurnsExceptionsInto500) {
  std::ostringstream out;
  Engine e;
  e.use(minigin::recovery(out));
  e.get("/boom", [](Context&) { throw std::runtime_error("kaput"); });
  e.get("/int", [](Context&) { throw 42; });
  e.get("/late", [](Context& c) {
    c.string(200, "partial");
    throw std::runtime_error("after writing");
  });
  auto r = e.handle(Request("GET", "/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "500 internal server error");
  EXPECT_EQ(e.handle(Request("GET", "/int")).status, 500);
  r = e.handle(Request("GET", "/late"));
  EXPECT_EQ(r.status, 200) << "what was written stays written";
  EXPECT_EQ(out.str(), "[minigin] recovered: GET /boom: kaput\n"
                       "[minigin] recovered: GET /int: unknown exception\n"
                       "[minigin] recovered: GET /late: after writing\n");
}

TEST(Middleware, WithoutRecoveryTheExceptionReachesTheCaller) {
  Engine e;
  e.get("/boom", [](Context&) { throw std::runtime_error("kaput"); });
  EXPECT_THROW(e.handle(Request("GET", "/boom")), std::runtime_error);
  e.get("/ok", [](Context& c) { c.string(200, "ok"); });
  EXPECT_EQ(e.handle(Request("GET", "/ok")).body, "ok") << "the context went back to the pool";
  EXPECT_EQ(e.pool().idle(), e.pool().created());
}
