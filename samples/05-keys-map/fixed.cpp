// Lesson 5, the cure: the job reads the Keys of a copy; the handler keeps its own. The job runs
// on an executor that main owns and shuts down.
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: job read user=alice
// PLAIN: job read user=alice
#include <minigin/minigin.h>

#include "later.h"
#include "worker_pool.h"

#include <cstdio>
#include <future>
#include <string>

int main() {
  minigin::Engine engine;
  sample::Later handler_moved_on;
  std::promise<std::string> job_read;
  std::string answer;
  sample::WorkerPool jobs; // owned by main, declared last: shut down (drained, joined) first

  engine.get("/profile", [&](minigin::Context& c) {
    c.set("user", std::string("alice"));
    jobs.submit([cp = c.copy(), &handler_moved_on, &job_read] {
      handler_moved_on.wait();
      const std::string* user = cp.get_as<std::string>("user");
      job_read.set_value(user ? *user : "<none>");
    });
    c.set("trace", std::string("t-42"));
    handler_moved_on.done();
    answer = job_read.get_future().get();
    c.string(200, answer);
  });

  engine.handle(minigin::Request("GET", "/profile"));
  std::printf("job read user=%s\n", answer.c_str());
  return 0;
}
