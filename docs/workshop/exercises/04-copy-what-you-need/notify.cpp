// Exercise 4: a notification job needs the user (a key set by an auth middleware), the path and
// the response status. Today it reads all three from the original context, later. Make it take
// exactly what it needs: which parts does c.copy() carry, and which one does it not?
// 练习 4：一个通知任务需要用户（认证中间件设置的一个 key）、路径和响应状态码。现在它是
// 稍后才从原始 context 里读取这三样。让它恰好带走它需要的东西：c.copy() 带着其中哪几样，
// 又缺哪一样？
// EXPECT: tsan
// EXPECT: lint racelab-context-escape
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  std::atomic<bool> later{false};
  std::promise<std::string> note;
  engine.use([](minigin::Context& c) {
    c.set("user", std::string(c.get_header("X-User")));
    c.next();
  });
  engine.use([&](minigin::Context& c) {
    c.next();
    if (c.must_get<std::string>("user") != "alice")
      return;
    std::thread([&c, &later, &note] {
      while (!later.load(std::memory_order_relaxed))
        std::this_thread::yield();
      note.set_value(c.must_get<std::string>("user") + " got " +
                     std::to_string(c.response().status) + " for " + std::string(c.path()));
    }).detach();
  });
  engine.post("/orders", [](minigin::Context& c) { c.status(201); });
  engine.get("/orders", [](minigin::Context& c) { c.status(200); });

  engine.handle(minigin::Request("POST", "/orders", "", {{"X-User", "alice"}}));
  engine.handle(minigin::Request("GET", "/orders", "", {{"X-User", "bob"}}));
  later.store(true, std::memory_order_relaxed);
  std::printf("notification: %s\n", note.get_future().get().c_str());
}
