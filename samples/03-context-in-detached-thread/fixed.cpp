// Lesson 3, the cure: the job gets c.copy(), an owning snapshot that no later request touches,
// and runs on an executor that main owns and shuts down (no detached thread using main's locals).
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: job for uid=alice read uid=alice
// PLAIN: job for uid=alice read uid=alice
#include <minigin/minigin.h>

#include "later.h"
#include "worker_pool.h"

#include <cstdio>
#include <future>
#include <string>

int main() {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> job_saw;
  sample::WorkerPool jobs; // owned by main, declared last: shut down (drained, joined) first

  engine.get("/report", [&](minigin::Context& c) {
    std::string uid(c.query("uid"));
    // The cure: the job owns a copy of everything it will read.
    jobs.submit([cp = c.copy(), &next_request_served, &job_saw] {
      next_request_served.wait(); // "some time later"
      job_saw.set_value(std::string(cp.query("uid")));
    });
    c.string(202, "report for " + uid + " queued");
  });
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("uid")); });

  engine.handle(minigin::Request("GET", "/report?uid=alice"));
  engine.handle(minigin::Request("GET", "/whoami?uid=bob"));
  next_request_served.done();

  std::printf("job for uid=alice read uid=%s\n", job_saw.get_future().get().c_str());
  return 0;
}
