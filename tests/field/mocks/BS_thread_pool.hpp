// Mock of BS::thread_pool v5 (https://github.com/bshoshany/thread-pool, include/BS_thread_pool.hpp),
// written for racelab's field corpus from its README and public header: the pool is a class
// template of option flags (BS::thread_pool<> or, by deduction, BS::thread_pool); only what the
// cases use, with its names and signatures; bodies are trivial. Not the library's code.
#pragma once
#include <cstddef>
#include <cstdint>
#include <future>
#include <type_traits>
#include <utility>
#include <vector>

namespace BS
{
using opt_t = std::uint8_t;
using priority_t = std::int8_t;

enum tp : opt_t
{
    none = 0,
    priority = 1 << 0,
    pause = 1 << 2,
    wait_deadlock_checks = 1 << 3
};

/// Futures of the blocks of a loop; get() and wait() wait for all of them.
template <typename T>
class multi_future : public std::vector<std::future<T>>
{
  public:
    void wait() const {}
    void get() {}
};

template <opt_t OptFlags = tp::none>
class thread_pool
{
  public:
    thread_pool() = default;
    explicit thread_pool(std::size_t num_threads) { (void)num_threads; }

    /// Queues the task and returns at once; nothing waits for it.
    template <typename F>
    void detach_task(F&& task, priority_t priority = 0)
    {
        (void)task, (void)priority;
    }

    /// Queues the task; the future's get() or wait() waits for it.
    template <typename F, typename R = std::invoke_result_t<std::decay_t<F>>>
    [[nodiscard]] std::future<R> submit_task(F&& task, priority_t priority = 0)
    {
        (void)task, (void)priority;
        return std::promise<R>().get_future();
    }

    template <typename T, typename F>
    void detach_loop(T first_index, T index_after_last, F&& loop, std::size_t num_blocks = 0)
    {
        (void)first_index, (void)index_after_last, (void)loop, (void)num_blocks;
    }

    template <typename T, typename F>
    [[nodiscard]] multi_future<void> submit_loop(T first_index, T index_after_last, F&& loop,
                                                 std::size_t num_blocks = 0)
    {
        (void)first_index, (void)index_after_last, (void)loop, (void)num_blocks;
        return {};
    }

    /// Waits for every queued and running task of the pool.
    void wait() {}

    [[nodiscard]] std::size_t get_thread_count() const noexcept { return 1; }
};

using light_thread_pool = thread_pool<tp::none>;
using priority_thread_pool = thread_pool<tp::priority>;
}  // namespace BS
