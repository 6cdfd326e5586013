// Context accessors, lazy caches, keys and the response writers, through in-process dispatch.
#include <minigin/minigin.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using minigin::Context;
using minigin::Engine;
using minigin::Request;

namespace {
// Runs `body` as the handler of one request and returns the response.
minigin::Response run(Request r, std::function<void(Context&)> body,
                      minigin::EngineOptions o = {}) {
  Engine e(o);
  e.handle(r.method, "/*any", {std::move(body)});
  return e.handle(r);
}
} // namespace

TEST(Context, RequestLine) {
  run(Request("PUT", "/items/9?x=1"), [](Context& c) {
    EXPECT_EQ(c.method(), "PUT");
    EXPECT_EQ(c.path(), "/items/9");
    EXPECT_EQ(c.full_path(), "/*any");
    EXPECT_EQ(c.param("any"), "/items/9");
    EXPECT_EQ(c.param("missing"), "");
  });
}

TEST(Context, QueryIsDecodedAndRepeatedKeysKept) {
  run(Request("GET", "/s?q=hello+world&tag=a&tag=b%26c&empty=&flag&pct=%41%zz"), [](Context& c) {
    EXPECT_EQ(c.query("q"), "hello world");
    EXPECT_EQ(c.query("tag"), "a") << "the first value, like Gin";
    EXPECT_EQ(c.query_array("tag"), (std::vector<std::string_view>{"a", "b&c"}));
    EXPECT_EQ(c.get_query("empty"), std::optional<std::string_view>(""));
    EXPECT_EQ(c.get_query("flag"), std::optional<std::string_view>(""));
    EXPECT_EQ(c.get_query("nope"), std::nullopt);
    EXPECT_EQ(c.default_query("nope", "dflt"), "dflt");
    EXPECT_EQ(c.default_query("q", "dflt"), "hello world");
    EXPECT_EQ(c.query("pct"), "A%zz") << "a malformed escape is kept as it is";
  });
}

TEST(Context, QueryIsParsedOnceAndCached) {
  run(Request("GET", "/s?a=1"), [](Context& c) {
    std::string_view first = c.query("a");
    std::string_view again = c.query("a");
    EXPECT_EQ(first.data(), again.data()) << "the second lookup reads the cache";
  });
}

TEST(Context, PostFormOnlyForUrlencodedBodies) {
  Request r("POST", "/f", "name=J%C3%BCrgen&lang=c%2B%2B&lang=go",
            {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}});
  run(r, [](Context& c) {
    EXPECT_EQ(c.post_form("name"), "J\xC3\xBCrgen");
    EXPECT_EQ(c.post_form_array("lang"), (std::vector<std::string_view>{"c++", "go"}));
    EXPECT_EQ(c.default_post_form("x", "d"), "d");
    EXPECT_EQ(c.content_type(), "application/x-www-form-urlencoded");
  });
  run(Request("POST", "/f", "name=x", {{"Content-Type", "application/json"}}),
      [](Context& c) { EXPECT_EQ(c.get_post_form("name"), std::nullopt); });
}

TEST(Context, HeadersCookiesAndBody) {
  Request r("POST", "/h", "raw body",
            {{"X-Token", "abc"}, {"Cookie", "session=s1; theme=\"dark\"; empty="}});
  run(r, [](Context& c) {
    EXPECT_EQ(c.get_header("x-token"), "abc") << "names compare without case";
    EXPECT_EQ(c.get_header("X-Missing"), "");
    EXPECT_EQ(c.headers().size(), 2u);
    EXPECT_EQ(c.cookie("session"), std::optional<std::string_view>("s1"));
    EXPECT_EQ(c.cookie("theme"), std::optional<std::string_view>("dark"));
    EXPECT_EQ(c.cookie("empty"), std::optional<std::string_view>(""));
    EXPECT_EQ(c.cookie("none"), std::nullopt);
    EXPECT_EQ(c.body(), "raw body");
  });
}

TEST(Context, ClientIpIsThePeerUnlessAProxyIsTrusted) {
  Request r("GET", "/ip", "",
            {{"X-Forwarded-For", "203.0.113.7, 10.0.0.2"}, {"X-Real-IP", "1.1.1.1"}});
  r.remote_addr = "10.0.0.1";
  run(r, [](Context& c) { EXPECT_EQ(c.client_ip(), "10.0.0.1") << "no trusted proxies"; });

  minigin::EngineOptions o;
  o.trusted_proxies = {"10.0.0.0/8"};
  run(
      r, [](Context& c) { EXPECT_EQ(c.client_ip(), "203.0.113.7") << "walk back past proxies"; },
      o);

  Request only_real("GET", "/ip", "", {{"X-Real-IP", "198.51.100.9"}});
  only_real.remote_addr = "10.1.2.3";
  run(only_real, [](Context& c) { EXPECT_EQ(c.client_ip(), "198.51.100.9"); }, o);

  Request untrusted_peer = r;
  untrusted_peer.remote_addr = "192.0.2.1";
  run(untrusted_peer, [](Context& c) { EXPECT_EQ(c.client_ip(), "192.0.2.1"); }, o);

  Request garbage("GET", "/ip", "", {{"X-Forwarded-For", "evil, 10.0.0.2"}});
  garbage.remote_addr = "10.0.0.1";
  run(garbage, [](Context& c) { EXPECT_EQ(c.client_ip(), "10.0.0.1"); }, o);

  minigin::EngineOptions v6;
  v6.trusted_proxies = {"::1"};
  Request ipv6("GET", "/ip", "", {{"X-Forwarded-For", "2001:db8::1"}});
  ipv6.remote_addr = "::1";
  run(ipv6, [](Context& c) { EXPECT_EQ(c.client_ip(), "2001:db8::1"); }, v6);
}

TEST(Context, KeysHoldAnyValueWithTypedGetters) {
  run(Request("GET", "/k"), [](Context& c) {
    c.set("user", std::string("alice"));
    c.set("n", 42);
    EXPECT_EQ(*c.get_as<std::string>("user"), "alice");
    EXPECT_EQ(c.must_get<int>("n"), 42);
    EXPECT_EQ(c.get_as<int>("user"), nullptr) << "wrong type";
    EXPECT_EQ(c.get("missing"), nullptr);
    EXPECT_THROW(c.must_get<int>("missing"), std::out_of_range);
    c.set("n", 43);
    EXPECT_EQ(c.must_get<int>("n"), 43);
  });
}

TEST(Context, ResponseWriters) {
  auto r = run(Request("GET", "/j"), [](Context& c) { c.json(201, {{"ok", true}, {"n", 1}}); });
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"n":1,"ok":true})");

  r = run(Request("GET", "/d"), [](Context& c) {
    c.header("X-A", "1");
    c.header("x-a", "2");
    c.data(200, "image/png", std::string("\x89PNG\0", 5));
  });
  EXPECT_EQ(r.header("Content-Type"), "image/png");
  EXPECT_EQ(r.header("X-A"), "2") << "header() replaces";
  EXPECT_EQ(r.body.size(), 5u);

  r = run(Request("GET", "/r"), [](Context& c) { c.redirect(302, "/elsewhere"); });
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("Location"), "/elsewhere");
  run(Request("GET", "/r"),
      [](Context& c) { EXPECT_THROW(c.redirect(200, "/x"), std::invalid_argument); });

  r = run(Request("GET", "/c"), [](Context& c) {
    minigin::Cookie k;
    k.name = "sid";
    k.value = "v";
    k.max_age = 60;
    k.secure = true;
    k.same_site = "Lax";
    c.set_cookie(k);
    c.status(204);
  });
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("Set-Cookie"), "sid=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax");
}

TEST(Context, WritingTheResponseTwiceIsAnError) {
  run(Request("GET", "/twice"), [](Context& c) {
    c.string(200, "first");
    try {
      c.json(200, {{"second", true}});
      ADD_FAILURE() << "no error";
    } catch (const std::logic_error& e) {
      EXPECT_STREQ(e.what(), "minigin: the response was already written by string(); json() "
                             "cannot write it again");
    }
    EXPECT_TRUE(c.written());
  });
}
