// Lesson 10: a race the linter cannot see. A middleware registers every in-flight Context in a
// global registry for an admin page, and forgets to unregister it. The admin thread never
// captures a Context, it finds one through a global pointer, so no racelab check has anything
// to flag; ThreadSanitizer, which watches what really runs, reports the race.
// race pair: the admin thread's ctx->path()@51:R vs the next request's use of the context (W)
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK: #{{[0-9]+}} {{.*}}10-invisible-to-the-linter/racy.cpp:51:{{[0-9]+}}
// CHECK: Previous write of size {{[0-9]+}} at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} main {{.*}}10-invisible-to-the-linter/racy.cpp:54:{{[0-9]+}}
// CHECK: SUMMARY: ThreadSanitizer: data race
// CHECK: admin page: in-flight request for alice shows path /orders/bob
// PLAIN: admin page: in-flight request for alice shows path /orders/bob
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

std::mutex registry_mutex;
std::vector<const minigin::Context*> in_flight; // for the admin page

int main() {
  minigin::Engine engine;
  engine.use([](minigin::Context& c) {
    {
      std::lock_guard lock(registry_mutex);
      in_flight.push_back(&c);
    }
    c.next();
    // The bug: no unregistering on the way out.
  });
  engine.get("/orders/:user", [](minigin::Context& c) { c.string(200, c.param("user")); });

  sample::Later snapshot_taken, next_request_served;
  engine.handle(minigin::Request("GET", "/orders/alice"));

  std::string shown;
  std::thread admin([&] {
    std::vector<const minigin::Context*> snapshot;
    {
      std::lock_guard lock(registry_mutex);
      snapshot = in_flight;
    }
    snapshot_taken.done();
    next_request_served.wait(); // the admin page renders a little later
    shown = std::string(snapshot.front()->path());
  });
  snapshot_taken.wait();
  engine.handle(minigin::Request("GET", "/orders/bob"));
  next_request_served.done();
  admin.join();

  std::printf("admin page: in-flight request for alice shows path %s\n", shown.c_str());
  return 0;
}
