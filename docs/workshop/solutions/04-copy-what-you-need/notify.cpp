// Solution 4: the copy carries the keys and the path; the status is response state, which a copy
// deliberately does not have, so it travels as an int. The job runs on a std::jthread that main
// owns (joined at the end), not a detached thread.
// 参考答案 4：副本带着 keys 和路径；状态码属于响应状态，副本有意不包含它，所以它以 int 的
// 形式单独传递。任务运行在 main 拥有的 std::jthread 上（在末尾 join），而不是已分离的线程。
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

int main() {
  minigin::Engine engine;
  std::atomic<bool> later{false};
  std::promise<std::string> note;
  std::vector<std::jthread> jobs; // owned by main, declared last: joined before the rest goes
                                  // 由 main 拥有，最后声明：在其余变量销毁之前 join
  engine.use([](minigin::Context& c) {
    c.set("user", std::string(c.get_header("X-User")));
    c.next();
  });
  engine.use([&](minigin::Context& c) {
    c.next();
    if (c.must_get<std::string>("user") != "alice")
      return;
    jobs.emplace_back([cp = c.copy(), status = c.response().status, &later, &note] {
      while (!later.load(std::memory_order_relaxed))
        std::this_thread::yield();
      note.set_value(cp.must_get<std::string>("user") + " got " + std::to_string(status) + " for " +
                     std::string(cp.path()));
    });
  });
  engine.post("/orders", [](minigin::Context& c) { c.status(201); });
  engine.get("/orders", [](minigin::Context& c) { c.status(200); });

  engine.handle(minigin::Request("POST", "/orders", "", {{"X-User", "alice"}}));
  engine.handle(minigin::Request("GET", "/orders", "", {{"X-User", "bob"}}));
  later.store(true, std::memory_order_relaxed);
  std::printf("notification: %s\n", note.get_future().get().c_str());
}
