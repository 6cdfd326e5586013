// Lesson 7, the cure: an owning std::string for anything that leaves the handler; the job runs on
// an executor that main owns and shuts down.
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
  std::promise<std::string> job_read;
  sample::WorkerPool jobs; // owned by main, declared last: shut down (drained, joined) first

  engine.get("/report", [&](minigin::Context& c) {
    std::string uid(c.query("uid")); // owns its bytes
    jobs.submit([uid, &next_request_served, &job_read] {
      next_request_served.wait();
      job_read.set_value(uid);
    });
    c.string(202, "queued");
  });
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("uid")); });

  engine.handle(minigin::Request("GET", "/report?uid=alice"));
  engine.handle(minigin::Request("GET", "/whoami?uid=bobby"));
  next_request_served.done();

  std::printf("job for uid=alice read uid=%s\n", job_read.get_future().get().c_str());
  return 0;
}
