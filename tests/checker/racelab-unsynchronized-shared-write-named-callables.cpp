// RUN: racelab-unsynchronized-shared-write --config="{CheckOptions: [{key: SpawnFunctions, value: '::app::Resource::set_method_handler'}]}" -- -std=c++20
// A named function run by a spawn that is not its first argument and that the spawn takes as a
// std::function (restbed's set_method_handler("GET", handler)).
#include <functional>
#include <string>

namespace app {
struct Resource {
  void set_method_handler(const std::string& method, const std::function<void(int)>& handler);
};
} // namespace app

long hits = 0;
thread_local long per_thread = 0;

void handler(int) {
  ++hits;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: unsynchronized write to 'hits' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
}

void register_handler(app::Resource& r) {
  r.set_method_handler("GET", handler);
  // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread is started here
}

// Not flagged: the named function writes only its thread's own copy.
void counted(int) { ++per_thread; }

void register_counted(app::Resource& r) { r.set_method_handler("PUT", counted); }

// Not flagged: a string argument is no function, and the handler given is a lambda that only
// writes its own local.
void register_lambda(app::Resource& r) {
  r.set_method_handler("POST", [](int n) {
    long local = 0;
    local += n;
    (void)local;
  });
}
