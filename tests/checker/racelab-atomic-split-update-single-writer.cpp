// RUN: racelab-atomic-split-update --config="{CheckOptions: [{key: racelab-atomic-split-update.SingleWriter, value: 'stats::peak;Sampler::last'}]}" -- -std=c++20
// Atomics that one thread writes and others only read: a split update loses nothing, so the
// project says so, by the option SingleWriter or by an annotation on the declaration.
#include <atomic>

namespace stats {
std::atomic<long> peak{0};     // written by the sampler thread only
std::atomic<long> requests{0}; // written by every request thread
} // namespace stats

[[clang::annotate("racelab::single_writer")]] std::atomic<int> generation{0};

struct Sampler {
  std::atomic<long> last{0};
  std::atomic<long> sum{0};
  void sample(long v) {
    if (v > stats::peak.load())
      stats::peak.store(v);
    last = last + v;
    sum = sum + v;
    // CHECK-FIXES: {{^}}    sum += v;{{$}}
    // CHECK-NOTES: :[[@LINE-2]]:9: warning: read-modify-write of atomic 'sum' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'sum += ...' [racelab-atomic-split-update]
  }
};

void reload() { generation = generation + 1; }

void onRequest(long v) {
  stats::requests = stats::requests + 1;
  // CHECK-FIXES: {{^}}  stats::requests += 1;{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:19: warning: read-modify-write of atomic 'stats::requests' is split into a load and a store; an update made by another thread in between is lost, and ThreadSanitizer cannot see it (there is no data race): use 'stats::requests += ...' [racelab-atomic-split-update]
  if (v > stats::requests.load())
    stats::requests.store(v);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: check-then-act on atomic 'stats::requests' is split: another thread may store between the load in the condition and this store, and its update is lost (ThreadSanitizer cannot see it: there is no data race): use a compare_exchange_weak loop [racelab-atomic-split-update]
}
