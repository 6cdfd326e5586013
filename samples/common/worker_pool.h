// A minimal worker pool: jobs go into a queue, one long-lived worker thread runs them.
// Correctly synchronised (a mutex and condition variables): the lessons that use it are about
// what a job can and cannot see, not about the pool. It is also the fixed samples' owned
// executor: whoever owns the pool owns the jobs' lifetime, and its destructor is the shutdown
// (it runs the jobs still queued, then joins the worker), so no job outlives what it refers to.
// Jobs may be move-only (a lambda holding a minigin::ContextCopy).
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace sample {

class WorkerPool {
public:
  WorkerPool() : worker_([this] { run(); }) {}
  ~WorkerPool() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }

  template <class Job> void submit(Job job) {
    {
      std::lock_guard lock(mu_);
      jobs_.emplace_back(std::move(job));
    }
    wake_.notify_all();
  }

  /// Waits until every submitted job has run.
  void drain() {
    std::unique_lock lock(mu_);
    idle_.wait(lock, [this] { return jobs_.empty() && !busy_; });
  }

private:
  void run() {
    std::unique_lock lock(mu_);
    while (true) {
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty())
        return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      busy_ = true;
      lock.unlock();
      job();
      lock.lock();
      busy_ = false;
      idle_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable wake_, idle_;
  std::deque<std::packaged_task<void()>> jobs_;
  bool busy_ = false, stopping_ = false;
  std::thread worker_;
};

} // namespace sample
