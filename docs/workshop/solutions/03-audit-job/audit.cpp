// Solution 3: the job gets c.copy(); it reads Alice's request whatever happens to the context.
#include <minigin/minigin.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  std::atomic<bool> second_request_done{false};
  std::promise<std::string> audit_line;
  bool first = true;

  engine.del("/orders/:id", [&](minigin::Context& c) {
    if (first) {
      first = false;
      std::thread([cp = c.copy(), &second_request_done, &audit_line] {
        while (!second_request_done.load(std::memory_order_relaxed))
          std::this_thread::yield();
        audit_line.set_value("order " + std::string(cp.param("id")) + " deleted by " +
                             std::string(cp.get_header("X-User")));
      }).detach();
    }
    c.status(204);
  });

  engine.handle(minigin::Request("DELETE", "/orders/7", "", {{"X-User", "alice"}}));
  engine.handle(minigin::Request("DELETE", "/orders/8", "", {{"X-User", "mallory"}}));
  second_request_done.store(true, std::memory_order_relaxed);
  std::printf("audit: %s\n", audit_line.get_future().get().c_str());
}
