// A stand-in for "your" framework in exercise 7: a request type and a job queue of its own.
// 练习 7 里“你的”框架的替身：有自己的请求类型和任务队列。
#pragma once

#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace shop {

struct Request {
  std::string path;
  std::string user;
};

/// Runs jobs on worker threads (here: one thread per job, joined when the queue is destroyed).
/// 在工作线程上运行任务（这里每个任务一个线程，队列销毁时 join）。
class Jobs {
public:
  void enqueue(std::function<void()> job) { workers_.emplace_back(std::move(job)); }
  ~Jobs() {
    for (auto& w : workers_)
      w.join();
  }

private:
  std::vector<std::thread> workers_;
};

} // namespace shop
