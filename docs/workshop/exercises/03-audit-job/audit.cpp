// Exercise 3: an audit job. The handler records who deleted which order, in a background thread
// so the response is not delayed. Run it under ThreadSanitizer: which user does the audit log
// name for order 7? Fix it so the log names the right user and ThreadSanitizer is silent.
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
  std::atomic<bool> second_request_done{false};
  std::promise<std::string> audit_line;
  bool first = true;

  engine.del("/orders/:id", [&](minigin::Context& c) {
    if (first) {
      first = false;
      std::thread([&c, &second_request_done, &audit_line] {
        while (!second_request_done.load(std::memory_order_relaxed)) // "later"
          std::this_thread::yield();
        audit_line.set_value("order " + std::string(c.param("id")) + " deleted by " +
                             std::string(c.get_header("X-User")));
      }).detach();
    }
    c.status(204);
  });

  engine.handle(minigin::Request("DELETE", "/orders/7", "", {{"X-User", "alice"}}));
  engine.handle(minigin::Request("DELETE", "/orders/8", "", {{"X-User", "mallory"}}));
  second_request_done.store(true, std::memory_order_relaxed);
  std::printf("audit: %s\n", audit_line.get_future().get().c_str());
}
