#include <minigin/router.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using minigin::Field;
using minigin::RouteTree;

namespace {

minigin::HandlersChain noop() {
  return {[](minigin::Context&) {}};
}

struct Match {
  std::string pattern;
  std::vector<std::pair<std::string, std::string>> params;
};

std::optional<Match> find(const RouteTree& t, std::string_view path) {
  std::vector<Field> ps;
  const minigin::Route* r = t.find(path, ps);
  if (!r) {
    EXPECT_TRUE(ps.empty()) << "a failed lookup must leave params as they were";
    return std::nullopt;
  }
  Match m{r->pattern, {}};
  for (auto& f : ps)
    m.params.emplace_back(f.key, f.value);
  return m;
}

RouteTree tree(std::initializer_list<const char*> patterns) {
  RouteTree t;
  for (const char* p : patterns)
    t.add(p, noop());
  return t;
}

using P = std::vector<std::pair<std::string, std::string>>;

} // namespace

TEST(Router, StaticRoutesSplitSharedPrefixes) {
  auto t = tree({"/", "/users", "/user", "/user/settings", "/us", "/about"});
  for (const char* p : {"/", "/users", "/user", "/user/settings", "/us", "/about"}) {
    auto m = find(t, p);
    ASSERT_TRUE(m) << p;
    EXPECT_EQ(m->pattern, p);
    EXPECT_TRUE(m->params.empty());
  }
  EXPECT_FALSE(find(t, "/u"));
  EXPECT_FALSE(find(t, "/users/x"));
  EXPECT_FALSE(find(t, "/abou"));
  EXPECT_FALSE(find(t, ""));
}

TEST(Router, ParamsMatchOneWholeSegment) {
  auto t = tree({"/user/:id", "/user/:id/posts/:post", "/files/:name.json"});
  auto m = find(t, "/user/42");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pattern, "/user/:id");
  EXPECT_EQ(m->params, (P{{"id", "42"}}));
  m = find(t, "/user/7/posts/abc");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params, (P{{"id", "7"}, {"post", "abc"}}));
  EXPECT_FALSE(find(t, "/user/")) << "a parameter is never empty";
  EXPECT_FALSE(find(t, "/user/1/2"));
  m = find(t, "/files/a.json");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params, (P{{"name.json", "a.json"}})) << "the name runs to the end of the segment";
}

TEST(Router, CatchAllTakesTheRestWithItsSlash) {
  auto t = tree({"/src/*filepath", "/static/*path"});
  auto m = find(t, "/src/a/b/c.txt");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pattern, "/src/*filepath");
  EXPECT_EQ(m->params, (P{{"filepath", "/a/b/c.txt"}}));
  m = find(t, "/src/");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params, (P{{"filepath", "/"}}));
  EXPECT_FALSE(find(t, "/src"));
  auto root = tree({"/*all"});
  m = find(root, "/anything/at/all");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params, (P{{"all", "/anything/at/all"}}));
}

TEST(Router, StaticBeatsParamBeatsCatchAllWithBacktracking) {
  auto t = tree({"/users/new", "/users/:id", "/users/:id/edit", "/users/*rest", "/users/newest/x"});
  EXPECT_EQ(find(t, "/users/new")->pattern, "/users/new");
  EXPECT_EQ(find(t, "/users/42")->pattern, "/users/:id");
  EXPECT_EQ(find(t, "/users/ne")->pattern, "/users/:id");
  // "/users/newest" starts like the static "/users/new..." but only the param can end here.
  auto m = find(t, "/users/newest");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pattern, "/users/:id");
  EXPECT_EQ(m->params, (P{{"id", "newest"}}));
  EXPECT_EQ(find(t, "/users/new/edit")->pattern, "/users/:id/edit");
  m = find(t, "/users/1/2/3");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pattern, "/users/*rest");
  EXPECT_EQ(m->params, (P{{"rest", "/1/2/3"}}));
}

TEST(Router, ConflictsAreRejectedWithAClearMessage) {
  auto expect_reject = [](RouteTree& t, const char* p, const char* says) {
    try {
      t.add(p, noop());
      ADD_FAILURE() << p << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  auto t = tree({"/user/:id", "/src/*path", "/a"});
  expect_reject(t, "/user/:name", "':name' conflicts with ':id'");
  expect_reject(t, "/src/*other", "conflicts with '/src/*path'");
  expect_reject(t, "/a", "already registered as '/a'");
  expect_reject(t, "/user/:id", "already registered");
  expect_reject(t, "nope", "must begin with '/'");
  expect_reject(t, "/x/:", "needs a name");
  expect_reject(t, "/x/*", "needs a name");
  expect_reject(t, "/x/a:b", "must start a path segment");
  expect_reject(t, "/x/*all/more", "must be the last segment");
  expect_reject(t, "/x/:a:b", "only one wildcard");
  // A rejected route leaves the tree as it was.
  EXPECT_EQ(find(t, "/user/1")->pattern, "/user/:id");
  EXPECT_FALSE(find(t, "/x/a"));
}

TEST(Router, GithubApiStyleRouteSet) {
  auto t = tree({"/repos/:owner/:repo/issues", "/repos/:owner/:repo/issues/:number",
                 "/repos/:owner/:repo/pulls", "/repos/:owner/:repo", "/users/:user/repos",
                 "/user/repos", "/orgs/:org/repos", "/repos/:owner/:repo/contents/*path"});
  auto m = find(t, "/repos/gin-gonic/gin/issues/1020");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pattern, "/repos/:owner/:repo/issues/:number");
  EXPECT_EQ(m->params, (P{{"owner", "gin-gonic"}, {"repo", "gin"}, {"number", "1020"}}));
  m = find(t, "/repos/o/r/contents/docs/a.md");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params, (P{{"owner", "o"}, {"repo", "r"}, {"path", "/docs/a.md"}}));
  EXPECT_EQ(find(t, "/user/repos")->pattern, "/user/repos");
  EXPECT_EQ(find(t, "/users/x/repos")->pattern, "/users/:user/repos");
}
