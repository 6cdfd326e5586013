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

int main() {
  minigin::Engine engine;
  sample::Later next_request_served;
  std::promise<std::string> job_read;

  engine.get("/report", [&](minigin::Context& c) {
    auto uid = c.query("uid"); // std::string_view: it owns nothing
    std::thread([uid, &next_request_served, &job_read] {
      next_request_served.wait();
      job_read.set_value(std::string(uid));
    }).detach();
    c.string(202, "queued");
  });
  engine.get("/whoami", [](minigin::Context& c) { c.string(200, c.query("uid")); });

  engine.handle(minigin::Request("GET", "/report?uid=alice"));
  engine.handle(minigin::Request("GET", "/whoami?uid=bobby"));
  next_request_served.done();

  std::printf("job for uid=alice read uid=%s\n", job_read.get_future().get().c_str());
  return 0;
}
