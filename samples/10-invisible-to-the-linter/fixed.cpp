// Lesson 10, the cure: the registry holds what the admin page shows, as owning values taken
// while the request is live, and each request removes its own entry on the way out.
//
// CHECK-NOT: WARNING: ThreadSanitizer
// CHECK: admin page: in-flight request for alice shows path /orders/alice
// PLAIN: admin page: in-flight request for alice shows path /orders/alice
#include <minigin/minigin.h>

#include "later.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

std::mutex registry_mutex;
std::map<std::uint64_t, std::string> in_flight; // request number -> path, for the admin page
std::uint64_t next_id = 0;

int main() {
  minigin::Engine engine;
  sample::Later alice_registered, snapshot_taken;
  engine.use([&](minigin::Context& c) {
    std::uint64_t id;
    {
      std::lock_guard lock(registry_mutex);
      id = next_id++;
      in_flight.emplace(id, std::string(c.path()));
    }
    c.next();
    std::lock_guard lock(registry_mutex);
    in_flight.erase(id);
  });
  engine.get("/orders/:user", [&](minigin::Context& c) {
    if (c.param("user") == "alice") { // keep Alice's request in flight while the admin looks
      alice_registered.done();
      snapshot_taken.wait();
    }
    c.string(200, c.param("user"));
  });

  std::string shown;
  std::thread admin([&] {
    alice_registered.wait();
    {
      std::lock_guard lock(registry_mutex);
      shown = in_flight.begin()->second;
    }
    snapshot_taken.done();
  });
  engine.handle(minigin::Request("GET", "/orders/alice"));
  admin.join();
  engine.handle(minigin::Request("GET", "/orders/bob"));

  std::printf("admin page: in-flight request for alice shows path %s\n", shown.c_str());
  return 0;
}
