// Routing, groups, middleware order, 404/405, redirects and HEAD through in-process dispatch.
#include <minigin/minigin.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

using minigin::Context;
using minigin::Engine;
using minigin::Request;

namespace {
minigin::HandlerFunc say(std::string s) {
  return [s](Context& c) { c.string(200, s); };
}
} // namespace

TEST(Engine, RoutesByMethodAndPath) {
  Engine e;
  e.get("/", say("root"));
  e.get("/user/:id", [](Context& c) { c.string(200, "user " + std::string(c.param("id"))); });
  e.post("/user/:id", say("posted"));
  e.del("/user/:id", say("deleted"));
  EXPECT_EQ(e.handle(Request("GET", "/")).body, "root");
  EXPECT_EQ(e.handle(Request("GET", "/user/42")).body, "user 42");
  EXPECT_EQ(e.handle(Request("POST", "/user/42")).body, "posted");
  EXPECT_EQ(e.handle(Request("DELETE", "/user/42")).body, "deleted");
  auto r = e.handle(Request("GET", "/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "404 page not found");
}

TEST(Engine, PathIsPercentDecodedBeforeRouting) {
  Engine e;
  e.get("/user/:id", [](Context& c) { c.string(200, c.param("id")); });
  EXPECT_EQ(e.handle(Request("GET", "/user/a%20b")).body, "a b");
  EXPECT_EQ(e.handle(Request("GET", "http://example.com/user/abs")).body, "abs");
  EXPECT_EQ(e.handle(Request("GET", "relative")).status, 400);
}

TEST(Engine, MethodNotAllowedIsOptIn) {
  Engine plain;
  plain.get("/thing", say("x"));
  EXPECT_EQ(plain.handle(Request("POST", "/thing")).status, 404);

  minigin::EngineOptions o;
  o.handle_method_not_allowed = true;
  Engine e(o);
  e.get("/thing", say("x"));
  e.put("/thing", say("x"));
  auto r = e.handle(Request("POST", "/thing"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, PUT");
  EXPECT_EQ(r.body, "405 method not allowed");
  EXPECT_EQ(e.handle(Request("POST", "/other")).status, 404);
}

TEST(Engine, TrailingSlashRedirects) {
  Engine e;
  e.get("/a/", say("a"));
  e.get("/b", say("b"));
  e.post("/c", say("c"));
  auto r = e.handle(Request("GET", "/a?x=1"));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("Location"), "/a/?x=1");
  r = e.handle(Request("GET", "/b/"));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("Location"), "/b");
  r = e.handle(Request("POST", "/c/"));
  EXPECT_EQ(r.status, 307) << "a redirect that changes no method for non-GET";

  minigin::EngineOptions o;
  o.redirect_trailing_slash = false;
  Engine off(o);
  off.get("/b", say("b"));
  EXPECT_EQ(off.handle(Request("GET", "/b/")).status, 404);
}

TEST(Engine, HeadFallsBackToGet) {
  Engine e;
  e.get("/page", say("body"));
  auto r = e.handle(Request("HEAD", "/page"));
  EXPECT_EQ(r.status, 200) << "the server, not the engine, drops the body of a HEAD answer";
  e.head("/own", say("own"));
  EXPECT_EQ(e.handle(Request("HEAD", "/own")).body, "own");
}

TEST(Engine, MiddlewareRunsBeforeAndAfterLikeGin) {
  Engine e;
  std::string trace;
  e.use([&](Context& c) {
    trace += "global-before ";
    c.next();
    trace += "global-after ";
  });
  auto api = e.group("/api", {[&](Context& c) {
                       trace += "group-before ";
                       c.next();
                       trace += "group-after ";
                     }});
  api.get("/x", [&](Context& c) {
    trace += "handler ";
    c.string(200, "ok");
  });
  EXPECT_EQ(e.handle(Request("GET", "/api/x")).body, "ok");
  EXPECT_EQ(trace, "global-before group-before handler group-after global-after ");
}

TEST(Engine, MiddlewareWithoutNextStillRunsTheRest) {
  // Gin's Next loop: a middleware that never calls next() does not stop the chain.
  Engine e;
  std::string trace;
  e.use([&](Context&) { trace += "mw "; });
  e.get("/", [&](Context& c) {
    trace += "handler";
    c.string(200, "ok");
  });
  e.handle(Request("GET", "/"));
  EXPECT_EQ(trace, "mw handler");
}

TEST(Engine, AbortStopsTheChainButNotTheCurrentHandler) {
  Engine e;
  std::string trace;
  e.use([&](Context& c) {
    c.abort_with_json(401, {{"error", "no token"}});
    trace += "after-abort ";
    EXPECT_TRUE(c.is_aborted());
  });
  e.get("/secret", [&](Context& c) {
    trace += "handler ";
    c.string(200, "secret");
  });
  auto r = e.handle(Request("GET", "/secret"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"error":"no token"})");
  EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(trace, "after-abort ");
}

TEST(Engine, GroupsNestAndKeepTheirOwnMiddleware) {
  Engine e;
  auto v1 = e.group("/v1", {[](Context& c) { c.header("X-Group", "v1"); }});
  auto admin = v1.group("admin", {[](Context& c) { c.header("X-Admin", "yes"); }});
  admin.get("/stats", say("stats"));
  v1.get("/open", say("open"));
  auto r = e.handle(Request("GET", "/v1/admin/stats"));
  EXPECT_EQ(r.body, "stats");
  EXPECT_EQ(r.header("X-Group"), "v1");
  EXPECT_EQ(r.header("X-Admin"), "yes");
  r = e.handle(Request("GET", "/v1/open"));
  EXPECT_EQ(r.header("X-Group"), "v1");
  EXPECT_EQ(r.header("X-Admin"), "");
}

TEST(Engine, NoRouteHandlersGetGlobalMiddleware) {
  Engine e;
  e.use([](Context& c) { c.header("X-Seen", "1"); });
  e.no_route({[](Context& c) { c.json(404, {{"missing", std::string(c.path())}}); }});
  auto r = e.handle(Request("GET", "/ghost"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"missing":"/ghost"})");
  EXPECT_EQ(r.header("X-Seen"), "1");
}

TEST(Engine, AnyRegistersEveryMethod) {
  Engine e;
  e.any("/all", {[](Context& c) { c.string(200, c.method()); }});
  for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    EXPECT_EQ(e.handle(Request(m, "/all")).body, m);
}

TEST(Engine, HandlerRegistrationErrors) {
  Engine e;
  EXPECT_THROW(e.handle("GET", "/x", {}), std::invalid_argument);
  e.get("/x", say("x"));
  EXPECT_THROW(e.get("/x", say("y")), std::invalid_argument);
  minigin::EngineOptions o;
  o.trusted_proxies = {"not-an-ip"};
  EXPECT_THROW(Engine{o}, std::invalid_argument);
  o.trusted_proxies = {"10.0.0.0/33"};
  EXPECT_THROW(Engine{o}, std::invalid_argument);
}
