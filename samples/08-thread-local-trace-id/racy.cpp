// Lesson 8: a trace id in thread_local storage (Java's MDC; Go has no goroutine-local storage).
// The handler stores the request's trace id in a thread_local and logs with it; a job it hands
// to a worker pool runs on the pool's thread, whose thread_local is empty. The job's log line
// has lost its trace id.
// race pair: none. This is a logic bug, not a data race: every thread reads its own
// thread_local, so ThreadSanitizer is right to stay silent, and no check of the linter sees it.
//
// TSAN: silent
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: [trace=abc-123] checkout started
// CHECK-NEXT: [trace=] charging the card
// PLAIN: [trace=abc-123] checkout started
// PLAIN-NEXT: [trace=] charging the card
#include <minigin/minigin.h>

#include "worker_pool.h"

#include <cstdio>
#include <string>

thread_local std::string trace_id;

void log(const char* what) {
  std::printf("[trace=%s] %s\n", trace_id.c_str(), what);
}

int main() {
  sample::WorkerPool pool;
  minigin::Engine engine;
  engine.post("/checkout", [&](minigin::Context& c) {
    trace_id = std::string(c.get_header("X-Trace-Id"));
    log("checkout started");
    pool.submit([] { log("charging the card"); }); // runs on the pool's thread
    c.string(202, "accepted");
  });

  engine.handle(minigin::Request("POST", "/checkout", "", {{"X-Trace-Id", "abc-123"}}));
  pool.drain();
  return 0;
}
