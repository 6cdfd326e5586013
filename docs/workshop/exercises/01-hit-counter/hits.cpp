// Exercise 1: a hit counter. Four client threads send 1,000 requests each through one engine;
// every request adds one to `hits`. Run it under ThreadSanitizer, read the report, then fix it
// so that it prints "4000 hits" every time and ThreadSanitizer stays silent.
// 练习 1：点击计数器。四个客户端线程通过同一个 engine 各发送 1,000 个请求，每个请求给 `hits`
// 加一。在 ThreadSanitizer 下运行它，读懂报告，然后修好它：每次都打印 "4000 hits"，
// 并且 ThreadSanitizer 不再报告。
// EXPECT: tsan
// (The linter stays silent here: the write is in a handler, not in a callable handed to a
// spawn. Module 1 asks why.)
// （这里 linter 不报告：写操作在处理函数里，而不在交给派生函数的可调用对象里。模块 1 会问
// 为什么。）
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
