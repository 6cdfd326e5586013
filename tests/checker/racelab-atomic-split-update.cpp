// RUN: racelab-atomic-split-update -- -std=c++20
#include <atomic>

std::atomic<int> hits{0};
std::atomic<long> total{0};
std::atomic<double> ratio{0.0};

struct Counters {
  std::atomic<int> n{0};
  std::atomic<int> m{0};
  void bump() { n = n + 1; }
  // CHECK-FIXES: {{^}}  void bump() { n += 1; }{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:19: warning: read-modify-write of atomic 'n' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'n += ...' [racelab-atomic-split-update]
  void other(Counters& o) { n = o.n + 1; }
};

struct Big {
  int a, b, c;
};
std::atomic<Big> big{};
Big next(Big);

// ===== Flagged, with an exact fix-it ==========================================

void plusAndMinus() {
  hits = hits + 1;
  // CHECK-FIXES: {{^}}  hits += 1;{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'hits += ...' [racelab-atomic-split-update]
  hits = 5 + hits;
  // CHECK-FIXES: {{^}}  hits += 5;{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'hits += ...' [racelab-atomic-split-update]
  hits = hits - 2;
  // CHECK-FIXES: {{^}}  hits -= 2;{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'hits -= ...' [racelab-atomic-split-update]
  total = total + hits;
  // CHECK-FIXES: {{^}}  total += hits;{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:9: warning: read-modify-write of atomic 'total' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'total += ...' [racelab-atomic-split-update]
}

void storeOfALoad() {
  hits.store(hits.load() + 1);
  // CHECK-FIXES: {{^}}  hits.fetch_add(1);{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'fetch_add' [racelab-atomic-split-update]
  hits.store(hits.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  // CHECK-FIXES: {{^}}  hits.fetch_sub(1, std::memory_order_relaxed);{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'fetch_sub' [racelab-atomic-split-update]
}

void floatingPoint() {
  ratio = ratio + 0.5; // std::atomic<double> has += since C++20
  // CHECK-FIXES: {{^}}  ratio += 0.5; // std::atomic<double> has += since C++20{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:9: warning: read-modify-write of atomic 'ratio' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'ratio += ...' [racelab-atomic-split-update]
}

void sameMemberOfSameObject(Counters& c) {
  c.n = c.n + 3;
  // CHECK-FIXES: {{^}}  c.n += 3;{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: read-modify-write of atomic 'c.n' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'c.n += ...' [racelab-atomic-split-update]
}

// ===== Flagged, no fix-it =========================================================

void otherOperators() {
  hits = hits * 2;
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
  hits = 10 - hits;
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
  hits = (hits + 1) * 2;
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
  hits.store(hits.load() | 4);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
}

void ordersDisagree() {
  hits.store(hits.load(std::memory_order_acquire) + 1, std::memory_order_release);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: read-modify-write of atomic 'hits' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'fetch_add' [racelab-atomic-split-update]
}

void userType() {
  big.store(next(big.load()));
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: read-modify-write of atomic 'big' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
}

void log(int);

// A check-then-act: the value read in the condition may be stale when it is stored.
void keepMaximum(int v, Counters& c) {
  if (v > hits.load())
    hits.store(v);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: check-then-act on atomic 'hits' is split: another thread may store between the load in the condition and this store, and its update is lost (ThreadSanitizer cannot see it: there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
  if (c.n < v) {
    log(v);
    c.n = v;
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: check-then-act on atomic 'c.n' is split: another thread may store between the load in the condition and this store, and its update is lost (ThreadSanitizer cannot see it: there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
  }
}

// ===== Not flagged ===============================================================

void realReadModifyWrites() {
  hits += 1;
  hits++;
  --hits;
  hits.fetch_add(2);
  total.fetch_sub(1, std::memory_order_relaxed);
  int expected = hits.load();
  while (!hits.compare_exchange_weak(expected, expected * 2)) {
  }
}

void differentAtomics(Counters& a, Counters& b) {
  total = hits + 1;
  a.n = b.n + 1;
  a.n = a.m + 1;
}

void loadNotStoredBack() {
  int seen = hits + 1;
  (void)seen;
  hits = 0;
  hits.store(42);
}

void checkThenActOnAnotherAtomic(int v, Counters& c) {
  if (v > c.m.load())
    c.n.store(v);
  int expected = hits.load();
  while (v > expected && !hits.compare_exchange_weak(expected, v)) {
  }
}
