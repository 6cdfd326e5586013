// RUN: racelab-atomic-split-update -- -std=c++20
// A split update that no concurrently running code reaches loses nothing: main() before it may
// have started a thread, a constructor or destructor on its own object, and functions only that
// code of this TU calls. Everything else may run concurrently, as may any function that another
// translation unit can call.
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

std::atomic<int> generation{0};
std::atomic<long> peak{0};

void startWorkers(); // defined elsewhere: may start threads

// ===== Not flagged: before main starts a thread ====================================

namespace {
// Internal linkage, called only from main before its threads (directly or through reload()).
void bumpGeneration() { generation = generation + 1; }
void reload() {
  bumpGeneration();
  if (peak.load() < 10)
    peak.store(10);
}
struct Setup {
  Setup() { generation.store(generation.load() + 2); }
};
} // namespace

// An object under construction or destruction is not shared yet (or any more), wherever it is.
struct Stats {
  std::atomic<int> created{0};
  std::atomic<int> live{0};
  Stats() { created = created + 1; }
  ~Stats() { live.store(live.load() - 1); }
};

// ===== Flagged: code that may run concurrently ==========================================

// Externally visible: another translation unit may call it from any thread.
void bump() { generation = generation + 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: read-modify-write of atomic 'generation' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'generation += ...' [racelab-atomic-split-update]

namespace {
// Called before the threads and from a spawned lambda.
void alsoFromAThread() { peak = peak + 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: read-modify-write of atomic 'peak' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'peak += ...' [racelab-atomic-split-update]
// Called only after a thread started.
void afterTheThreads() { peak = peak + 2; }
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: read-modify-write of atomic 'peak' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'peak += ...' [racelab-atomic-split-update]
// Run as a thread: named, not called.
void worker() { generation = generation - 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: read-modify-write of atomic 'generation' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'generation -= ...' [racelab-atomic-split-update]
// A constructor that updates a global, not its own object.
struct Registration {
  Registration() { generation = generation + 1; }
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: read-modify-write of atomic 'generation' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'generation += ...' [racelab-atomic-split-update]
};
} // namespace

int main(int argc, char**) {
  std::printf("starting\n");
  std::vector<int> sizes{1, 2};
  sizes.push_back(argc);
  generation = generation + 1;
  if (argc > peak.load())
    peak.store(argc);
  reload();
  Setup setup;
  Stats stats;
  alsoFromAThread();
  auto later = [] {
    generation = generation + 5;
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: read-modify-write of atomic 'generation' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'generation += ...' [racelab-atomic-split-update]
  };
  startWorkers(); // may start threads: what follows may run concurrently with them
  generation = generation + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: read-modify-write of atomic 'generation' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'generation += ...' [racelab-atomic-split-update]
  std::thread t([] { alsoFromAThread(); });
  std::thread w(worker);
  afterTheThreads();
  Registration registration;
  later();
  t.join();
  w.join();
  return 0;
}
