// Totals computed with BS::thread_pool tasks: every task runs on one of the pool's threads at
// once, so a captured plain total loses updates, and so does an atomic maximum kept with a load
// and a separate store.
#include "BS_thread_pool.hpp"

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

std::size_t count_words(const std::string &chunk);

// case: bs_captured_total (bug): a local total captured by reference and incremented by every task; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
std::size_t words_plain(BS::thread_pool<> &pool, const std::vector<std::string> &chunks)
{
    std::size_t total = 0;
    for (const std::string &chunk : chunks)
        pool.detach_task([&total, &chunk] {
            total += count_words(chunk); // BUG: racelab-unsynchronized-shared-write
        });
    pool.wait();
    return total;
}

// case: bs_atomic_total (ok): the total is a std::atomic updated with fetch_add; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
std::size_t words_atomic(BS::thread_pool<> &pool, const std::vector<std::string> &chunks)
{
    std::atomic<std::size_t> total{0};
    for (const std::string &chunk : chunks)
        pool.detach_task([&total, &chunk] { total.fetch_add(count_words(chunk)); });
    pool.wait();
    return total.load();
}

// case: bs_mutex_total (ok): the total is updated under a lock_guard; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
std::size_t words_locked(BS::thread_pool<> &pool, const std::vector<std::string> &chunks)
{
    std::size_t total = 0;
    std::mutex m;
    for (const std::string &chunk : chunks)
        pool.detach_task([&total, &m, &chunk] {
            std::size_t n = count_words(chunk);
            std::lock_guard<std::mutex> lock(m);
            total += n;
        });
    pool.wait();
    return total;
}

// case: bs_split_atomic_max (bug): the longest chunk kept with a load and a separate store; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
std::size_t longest_split(BS::thread_pool<> &pool, const std::vector<std::string> &chunks)
{
    std::atomic<std::size_t> longest{0};
    for (const std::string &chunk : chunks)
        pool.detach_task([&longest, &chunk] {
            std::size_t n = count_words(chunk);
            if (n > longest.load()) longest.store(n); // BUG: racelab-atomic-split-update
        });
    pool.wait();
    return longest.load();
}

// case: bs_cas_atomic_max (ok): the same maximum with a compare_exchange loop; source: https://github.com/bshoshany/thread-pool/blob/master/README.md
std::size_t longest_cas(BS::thread_pool<> &pool, const std::vector<std::string> &chunks)
{
    std::atomic<std::size_t> longest{0};
    for (const std::string &chunk : chunks)
        pool.detach_task([&longest, &chunk] {
            std::size_t n = count_words(chunk);
            std::size_t seen = longest.load();
            while (n > seen && !longest.compare_exchange_weak(seen, n)) {
            }
        });
    pool.wait();
    return longest.load();
}
