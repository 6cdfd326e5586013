#include "worker_pool.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace racelab {

void run_on_workers(std::size_t count, int jobs, const std::function<void(std::size_t)>& work,
                    const std::function<void(std::size_t, std::size_t)>& finished) {
  const unsigned threads =
      jobs > 0 ? unsigned(jobs) : std::max(1u, std::thread::hardware_concurrency());
  // Each worker takes the next index until none is left: a slow item (a big file, a sample that
  // waits on a socket) holds up one worker, not a precomputed share of the others' items.
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex finished_mu;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < count;) {
      work(i);
      std::lock_guard lock(finished_mu);
      ++done;
      if (finished)
        finished(i, done);
    }
  };
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < std::min<std::size_t>(threads, count); ++w)
    workers.emplace_back(worker);
  for (std::thread& t : workers)
    t.join();
}

} // namespace racelab
