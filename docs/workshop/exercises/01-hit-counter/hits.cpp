// Exercise 1: a hit counter. Four client threads send 1,000 requests each through one engine;
// every request adds one to `hits`. Run it under ThreadSanitizer, read the report, then fix it
// so that it prints "4000 hits" every time and ThreadSanitizer stays silent.
// EXPECT: tsan
// (The linter stays silent here: the write is in a handler, not in a callable handed to a
// spawn. Module 1 asks why.)
#include <minigin/minigin.h>

#include <cstdio>
#include <thread>
#include <vector>

long hits = 0;

int main() {
  minigin::Engine engine;
  engine.get("/", [](minigin::Context& c) {
    hits++;
    c.string(200, "ok");
  });
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&engine] {
      for (int i = 0; i < 1000; ++i)
        engine.handle(minigin::Request("GET", "/"));
    });
  for (auto& c : clients)
    c.join();
  std::printf("%ld hits\n", hits);
}
