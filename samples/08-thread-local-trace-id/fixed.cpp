// Lesson 8, the cure: capture the trace id explicitly and restore it around the job on the
// worker's thread (what an MDC-aware executor does for you).
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: [trace=abc-123] checkout started
// CHECK-NEXT: [trace=abc-123] charging the card
// PLAIN: [trace=abc-123] checkout started
// PLAIN-NEXT: [trace=abc-123] charging the card
#include <minigin/minigin.h>

#include "worker_pool.h"

#include <cstdio>
#include <string>
#include <utility>

thread_local std::string trace_id;

void log(const char* what) {
  std::printf("[trace=%s] %s\n", trace_id.c_str(), what);
}

// Sets this thread's trace id for the lifetime of the object, then puts the old one back.
class ScopedTrace {
public:
  explicit ScopedTrace(std::string id) : saved_(std::exchange(trace_id, std::move(id))) {}
  ~ScopedTrace() { trace_id = std::move(saved_); }

private:
  std::string saved_;
};

int main() {
  sample::WorkerPool pool;
  minigin::Engine engine;
  engine.post("/checkout", [&](minigin::Context& c) {
    trace_id = std::string(c.get_header("X-Trace-Id"));
    log("checkout started");
    pool.submit([trace = trace_id] {
      ScopedTrace scope(trace);
      log("charging the card");
    });
    c.string(202, "accepted");
  });

  engine.handle(minigin::Request("POST", "/checkout", "", {{"X-Trace-Id", "abc-123"}}));
  pool.drain();
  return 0;
}
