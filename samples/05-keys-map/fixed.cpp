// Lesson 5, the cure: the job reads the Keys of a copy; the handler keeps its own.
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: job read user=alice
// PLAIN: job read user=alice
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  sample::Later handler_moved_on;
  std::promise<std::string> job_read;
  std::string answer;

  engine.get("/profile", [&](minigin::Context& c) {
    c.set("user", std::string("alice"));
    std::thread([cp = c.copy(), &handler_moved_on, &job_read] {
      handler_moved_on.wait();
      const std::string* user = cp.get_as<std::string>("user");
      job_read.set_value(user ? *user : "<none>");
    }).detach();
    c.set("trace", std::string("t-42"));
    handler_moved_on.done();
    answer = job_read.get_future().get();
    c.string(200, answer);
  });

  engine.handle(minigin::Request("GET", "/profile"));
  std::printf("job read user=%s\n", answer.c_str());
  return 0;
}
