// Lesson 7, the cure: an owning std::string for anything that leaves the handler; the job runs on
// an executor that main owns and shuts down.
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: job for uid=alice read uid=alice
// PLAIN: job for uid=alice read uid=alice
// With racy.cpp's ASan mode (names longer than the buffer): the job's own bytes, nothing freed.
// ASAN_ARGS: alice.liddell@example.org robert.bobby.tables@example.org
// ASAN-NOT: AddressSanitizer
// ASAN: job for uid=alice.liddell@example.org read uid=alice.liddell@example.org
#include <minigin/minigin.h>

#include "later.h"
#include "worker_pool.h"

#include <cstdio>
#include <future>
#include <string>

int main(int argc, char** argv) {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> job_read;
  const char *alice = argc > 2 ? argv[1] : "alice", *bob = argc > 2 ? argv[2] : "bobby";
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

  engine.handle(minigin::Request("GET", std::string("/report?uid=") + alice));
  engine.handle(minigin::Request("GET", std::string("/whoami?uid=") + bob));
  next_request_served.done();

  std::printf("job for uid=%s read uid=%s\n", alice, job_read.get_future().get().c_str());
  return 0;
}
