// Benchmarks of minigin's hot paths: in-process dispatch, copy(), router lookup, keys.
// Allocations are counted with a replaced global operator new and reported per iteration.
#include "allocation_counter.h"

#include <minigin/minigin.h>

#include <benchmark/benchmark.h>

#include <fstream>
#include <map>
#include <string>

namespace {

void report_allocs(benchmark::State& state, long before) {
  state.counters["allocs/iter"] =
      benchmark::Counter(double(allocation_counter::now() - before) / double(state.iterations()));
}

// GET /user/:id reading one param and answering a short string, through the pool and chain.
void BM_DispatchUserParam(benchmark::State& state) {
  minigin::Engine e;
  e.get("/user/:id", [](minigin::Context& c) { c.string(200, c.param("id")); });
  minigin::Request req("GET", "/user/42");
  minigin::Response res;
  e.handle(req, res); // warm the pool and the buffers
  long before = allocation_counter::now();
  for (auto _ : state) {
    e.handle(req, res);
    benchmark::DoNotOptimize(res.body.data());
  }
  report_allocs(state, before);
}
BENCHMARK(BM_DispatchUserParam);

// copy() of a context with 2 params, 3 keys and a query string (Gin's Copy() measured ~461 ns).
void BM_Copy(benchmark::State& state) {
  minigin::Engine e;
  long allocs = 0, iterations = 0;
  e.get("/user/:id/post/:post", [&](minigin::Context& c) {
    c.set("user", 1);
    c.set("role", 2.0);
    c.set("trace", static_cast<const void*>(&c));
    (void)c.query("q");
    long before = allocation_counter::now();
    for (auto _ : state) {
      auto cp = c.copy();
      benchmark::DoNotOptimize(cp.path().data());
    }
    allocs += allocation_counter::now() - before;
    iterations += state.iterations();
    c.string(200, "");
  });
  e.handle(minigin::Request("GET", "/user/1/post/2?q=x&page=3"));
  state.counters["allocs/iter"] = benchmark::Counter(double(allocs) / double(iterations));
}
BENCHMARK(BM_Copy);

void BM_Keys(benchmark::State& state) {
  minigin::Engine e;
  e.get("/", [&](minigin::Context& c) {
    for (auto _ : state) {
      c.set("user", 42);
      benchmark::DoNotOptimize(c.get_as<int>("user"));
    }
    c.string(200, "");
  });
  e.handle(minigin::Request("GET", "/"));
}
BENCHMARK(BM_Keys);

void BM_RouterLookup(benchmark::State& state) {
  minigin::RouteTree t;
  for (const char* p : {"/repos/:owner/:repo/issues", "/repos/:owner/:repo/issues/:number",
                        "/repos/:owner/:repo/pulls", "/repos/:owner/:repo", "/users/:user/repos",
                        "/user/repos", "/orgs/:org/repos", "/repos/:owner/:repo/contents/*path"})
    t.add(p, {[](minigin::Context&) {}});
  std::vector<minigin::Field> params;
  params.reserve(8);
  long before = allocation_counter::now();
  for (auto _ : state) {
    params.clear();
    benchmark::DoNotOptimize(t.find("/repos/gin-gonic/gin/issues/1020", params));
  }
  report_allocs(state, before);
}
BENCHMARK(BM_RouterLookup);

// The GitHub API route set (203 routes, bench/data/github-api-routes.txt), one parameterised
// lookup, as Gin's router is measured on the same set (bench/contenders/gin).
void BM_RouterGithubApi(benchmark::State& state) {
  std::map<std::string, minigin::RouteTree> trees;
  std::ifstream in(RACELAB_SOURCE_DIR "/bench/data/github-api-routes.txt");
  int routes = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    auto sp = line.find(' ');
    trees[line.substr(0, sp)].add(line.substr(sp + 1), {[](minigin::Context&) {}});
    ++routes;
  }
  if (routes != 203) {
    state.SkipWithError("the GitHub API route set did not load");
    return;
  }
  const minigin::RouteTree& get = trees["GET"];
  std::vector<minigin::Field> params;
  params.reserve(8);
  long before = allocation_counter::now();
  for (auto _ : state) {
    params.clear();
    benchmark::DoNotOptimize(get.find("/repos/gin-gonic/gin/issues/1020", params));
  }
  report_allocs(state, before);
}
BENCHMARK(BM_RouterGithubApi);

} // namespace

BENCHMARK_MAIN();
