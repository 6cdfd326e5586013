// RUN: racelab-unsynchronized-shared-write --config="{CheckOptions: [{key: racelab-unsynchronized-shared-write.LockTypes, value: '::app::Guard'}, {key: racelab-unsynchronized-shared-write.SpawnFunctions, value: '::app::Pool::submit'}]}" -- -std=c++20
// A project's own lock guard and thread pool. LockTypes replaces the default list.
#include <mutex>
#include <thread>

namespace app {
struct Mutex {
  void lock();
  void unlock();
};
class Guard {
public:
  explicit Guard(Mutex& m) : m_(m) { m_.lock(); }
  ~Guard() { m_.unlock(); }

private:
  Mutex& m_;
};
struct Pool {
  template <class F> void submit(F f) { f(); }
};
} // namespace app

int hits = 0;
app::Mutex mu;
std::mutex std_mu;

void ownGuard(app::Pool& pool) {
  pool.submit([] {
    app::Guard g(mu);
    hits++;
  });
}

void unguardedInOwnPool(app::Pool& pool) {
  pool.submit([] { hits++; });
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: unsynchronized write to 'hits' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: the thread is started here
}

void stdGuardNotListedHere() {
  std::thread t([] {
    std::lock_guard<std::mutex> g(std_mu);
    hits++;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: unsynchronized write to 'hits' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread is started here
  });
  t.join();
}
