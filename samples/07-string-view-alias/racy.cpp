// Lesson 7: a string_view alias. `auto uid = c.query("uid")` is a std::string_view into the
// pooled query buffer; capturing it by value copies a pointer and a length, not the characters.
// The next request decodes its own query into the same bytes. (The C++ form of a Go slice that
// aliases a pooled buffer.)
// race pair: the job's copy of uid@34:R vs the next request's query decoding (W)
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK: #{{[0-9]+}} {{.*}}07-string-view-alias/racy.cpp:34:{{[0-9]+}}
// CHECK: Previous write of size {{[0-9]+}} at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} main {{.*}}07-string-view-alias/racy.cpp:41:{{[0-9]+}}
// CHECK: SUMMARY: ThreadSanitizer: data race
// CHECK: job for uid=alice read uid=bobby
// PLAIN: job for uid=alice read uid=bobby
// LINT: racelab-context-view-escape@32
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <future>
#include <string>
#include <string_view>
#include <thread>

int main(int argc, char** argv) {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> job_read;
  const char *alice = argc > 2 ? argv[1] : "alice", *bob = argc > 2 ? argv[2] : "bobby";
  engine.get("/report", [&](minigin::Context& c) {
    auto uid = c.query("uid"); // std::string_view: it owns nothing
    std::thread([uid, &next_request_served, &job_read] {
      next_request_served.wait();
      job_read.set_value(std::string(uid));
    }).detach();
    c.string(202, "queued");
  });
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("uid")); });

  engine.handle(minigin::Request("GET", std::string("/report?uid=") + alice));
  engine.handle(minigin::Request("GET", std::string("/whoami?uid=") + bob));
  next_request_served.done();

  std::printf("job for uid=%s read uid=%s\n", alice, job_read.get_future().get().c_str());
  return 0;
}

// The ASan mode (run_sample.py --mode asan, the asan preset): Alice's uid is too long for the
// string's small buffer, so her decoded query lives in a heap block, and Bob's longer query does
// not fit that block's capacity: parse_urlencoded's reserve() moves the buffer and frees the old
// block. The view now dangles, and the job's copy at line 34 reads freed memory.
// ASAN_ARGS: alice.liddell@example.org robert.bobby.tables@example.org
// ASAN: ERROR: AddressSanitizer: heap-use-after-free
// ASAN: READ of size 25 at {{.*}} thread T1
// ASAN: #{{[0-9]+}} {{.*}}07-string-view-alias/racy.cpp:34:{{[0-9]+}}
// ASAN: freed by thread T0 here:
// ASAN: #{{[0-9]+}} {{.*}}::reserve(
// ASAN: #{{[0-9]+}} {{.*}}parse_urlencoded
// ASAN: #{{[0-9]+}} {{.*}}07-string-view-alias/racy.cpp:38:{{[0-9]+}}
// ASAN: #{{[0-9]+}} {{.*}} in main {{.*}}07-string-view-alias/racy.cpp:41:{{[0-9]+}}
// ASAN: previously allocated by thread T0 here:
// ASAN: #{{[0-9]+}} {{.*}}07-string-view-alias/racy.cpp:31:{{[0-9]+}}
// ASAN: #{{[0-9]+}} {{.*}} in main {{.*}}07-string-view-alias/racy.cpp:40:{{[0-9]+}}
// ASAN: SUMMARY: AddressSanitizer: heap-use-after-free
