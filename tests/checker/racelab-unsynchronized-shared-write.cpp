// RUN: racelab-unsynchronized-shared-write -- -std=c++20
#include <atomic>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

int counter = 0;
std::string last_user;
thread_local int per_thread = 0;
std::atomic<int> atomic_counter{0};
std::mutex m;
std::shared_mutex rw;

struct Stats {
  static long hits;
  long local_hits = 0;
};

// ===== Static storage: shared by every thread ==================================

void globalCounter() {
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([] {
      for (int i = 0; i < 1000; ++i)
        counter++;
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: unsynchronized write to 'counter' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-4]]:10: note: the thread is started here
    });
  for (auto& th : pool)
    th.join();
}

void globalAssignment() {
  std::thread t([] { last_user = "alice"; });
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: unsynchronized write to 'last_user' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  t.join();
}

void staticMember() {
  std::thread t([] { Stats::hits += 1; });
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: unsynchronized write to 'hits' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  t.join();
}

void staticLocal() {
  static int calls = 0;
  std::thread t([] { --calls; });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: unsynchronized write to 'calls' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  t.join();
}

// ===== Locals captured by reference, written by several threads ==================

void twoWriters() {
  int n = 0;
  std::thread a([&] { n += 1; });
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: unsynchronized write to 'n' in a spawned thread: it is written by 2 spawned threads; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  std::thread b([&n] { n = 5; });
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: unsynchronized write to 'n' in a spawned thread: it is written by 2 spawned threads; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  a.join();
  b.join();
}

void oneLambdaSpawnedTwice() {
  long total = 0;
  auto add = [&total] { total += 2; };
  std::thread a(add);
  // CHECK-NOTES: :[[@LINE-2]]:31: warning: unsynchronized write to 'total' in a spawned thread: it is written by 2 spawned threads; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  std::thread b(add);
  a.join();
  b.join();
}

void spawnedInALoop() {
  int done = 0;
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&done] { ++done; });
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: unsynchronized write to 'done' in a spawned thread: it is written by threads spawned in a loop; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: the thread is started here
  for (auto& th : pool)
    th.join();
}

void memberOfALocalStruct() {
  Stats s;
  std::thread a([&s] { s.local_hits++; });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: unsynchronized write to 's' in a spawned thread: it is written by 2 spawned threads; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  std::thread b([&s] { s.local_hits++; });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: unsynchronized write to 's' in a spawned thread: it is written by 2 spawned threads; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  a.join();
  b.join();
}

void asyncWriters() {
  int n = 0;
  auto f1 = std::async(std::launch::async, [&n] { n++; });
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: unsynchronized write to 'n' in a spawned thread: it is written by 2 spawned threads; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: the thread is started here
  auto f2 = std::async(std::launch::async, [&n] { n++; });
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: unsynchronized write to 'n' in a spawned thread: it is written by 2 spawned threads; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: the thread is started here
  f1.get();
  f2.get();
}

// ===== Locks ====================================================================

void guardedWrites() {
  std::thread a([] {
    std::lock_guard lock(m);
    counter++;
  });
  std::thread b([] {
    std::unique_lock lock(m);
    if (counter > 0) {
      counter--;
    }
  });
  std::thread c([] {
    std::scoped_lock lock(m);
    counter = 0;
  });
  std::thread d([] {
    m.lock();
    counter++;
    m.unlock();
  });
  a.join();
  b.join();
  c.join();
  d.join();
}

void guardOutOfScope() {
  std::thread t([] {
    {
      std::lock_guard lock(m);
    }
    counter++;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to 'counter' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-6]]:15: note: the thread is started here
  });
  t.join();
}

void writeAfterUnlock() {
  std::thread t([] {
    m.lock();
    counter++;
    m.unlock();
    counter = 0;
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: unsynchronized write to 'counter' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-6]]:15: note: the thread is started here
  });
  t.join();
}

void deferredLock() {
  std::thread t([] {
    std::unique_lock lock(m, std::defer_lock);
    counter++;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to 'counter' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread is started here
  });
  t.join();
}

void readerLockIsNoWriteLock() {
  std::thread t([] {
    std::shared_lock lock(rw);
    counter++;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to 'counter' in a spawned thread: it has static storage duration, so every thread shares it; the lock held is a reader's (shared) lock, which other threads hold at the same time; write under an exclusive lock (e.g. std::unique_lock of the shared mutex) [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread is started here
  });
  t.join();
}

// A named function run as a thread: what it writes with static storage duration is shared.
void countRequest() {
  counter++;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: unsynchronized write to 'counter' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE+15]]:15: note: the thread is started here
  int mine = 0;
  mine++;
}

struct Worker {
  void run() {
    static int runs = 0;
    runs++;
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: unsynchronized write to 'runs' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE+7]]:15: note: the thread is started here
  }
};

void namedFunctions(Worker& w) {
  std::thread a(countRequest);
  std::thread b(&countRequest);
  std::thread c(&Worker::run, &w);
  a.join();
  b.join();
  c.join();
}

// ===== Not flagged ==============================================================

void singleWriterJoined() {
  int result = 0;
  std::thread t([&result] { result = 42; });
  t.join();
  (void)result;
}

void atomics() {
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([] { atomic_counter++; atomic_counter += 2; });
  for (auto& th : pool)
    th.join();
}

void threadLocal() {
  std::thread a([] { per_thread++; });
  std::thread b([] { per_thread++; });
  a.join();
  b.join();
}

void lambdaLocalsAndCopies() {
  int seed = 1;
  std::thread a([seed]() mutable { int mine = 0; mine++; seed++; });
  std::thread b([seed]() mutable { seed += 2; });
  a.join();
  b.join();
}

void perThreadSlots() {
  // Each thread writes its own element: the usual correct pattern. Element writes through
  // operator[] are never flagged (and so a shared slot is a known false negative).
  std::vector<int> results(4);
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&results, t] { results[t] = t * t; });
  for (auto& th : pool)
    th.join();
}

void notSpawned() {
  auto bump = [] { counter++; };
  bump();
  std::vector<int> v{1, 2, 3};
  for (int x : v)
    [&] { counter += x; }();
}

// ===== Known false negatives ====================================================

struct Server {
  int requests = 0;
  void serve() {
    // Members reached through a captured `this` are not followed.
    std::thread a([this] { requests++; });
    std::thread b([this] { requests++; });
    a.join();
    b.join();
  }
};

void throughAPointer(int* shared) {
  // Writes through pointers are not followed.
  std::thread a([shared] { (*shared)++; });
  std::thread b([shared] { (*shared)++; });
  a.join();
  b.join();
}
