// Lesson 5: Keys from another thread. A background job reads c.get("user") while the handler
// goes on calling c.set(...): two threads on one std::unordered_map, one of them writing.
// Gin had this very race in its Keys map until a mutex came in gin#1391 (v1.6).
// race pair: keys_@33:R (the job's c.get) vs keys_@36:W (the handler's c.set)
//
// CHECK: WARNING: ThreadSanitizer: data race
// CHECK: #{{[0-9]+}} {{.*}}05-keys-map/racy.cpp:33:{{[0-9]+}}
// CHECK: Previous write of size {{[0-9]+}} at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} {{.*}}05-keys-map/racy.cpp:36:{{[0-9]+}}
// CHECK: SUMMARY: ThreadSanitizer: data race
// CHECK: job read user=alice
// PLAIN: job read user=alice
// LINT: racelab-context-escape@31
#include <minigin/minigin.h>

#include "later.h"

#include <cstdio>
#include <future>
#include <string>
#include <thread>

int main() {
  minigin::Engine engine;
  sample::Later handler_moved_on;
  std::promise<std::string> job_read;
  std::string answer;

  engine.get("/profile", [&](minigin::Context& c) {
    c.set("user", std::string("alice"));
    std::thread([&c, &handler_moved_on, &job_read] {
      handler_moved_on.wait();
      const std::string* user = c.get_as<std::string>("user");
      job_read.set_value(user ? *user : "<none>");
    }).detach();
    c.set("trace", std::string("t-42")); // the handler keeps using its Keys
    handler_moved_on.done();
    answer = job_read.get_future().get(); // the output looks right...
    c.string(200, answer);
  });

  engine.handle(minigin::Request("GET", "/profile"));
  // ...and is: correct output proves nothing. ThreadSanitizer saw the two threads on one map.
  std::printf("job read user=%s\n", answer.c_str());
  return 0;
}
