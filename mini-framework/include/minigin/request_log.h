// minigin::RequestLog: where the request logger's lines go. A bounded queue drained by its own
// thread, so that a slow or blocked sink (a full pipe to a log reader that stopped reading) never
// stalls request handling: when the queue is full a line is dropped and counted instead.
// Gin's default logger writes synchronously and stalls with its writer; this one does not.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

namespace minigin {

struct RequestLogOptions {
  /// Lines waiting for the sink at most; a line that finds the queue full is dropped.
  std::size_t capacity = 4096;
  /// How long the destructor (or close()) keeps writing what is queued before it drops the rest.
  std::chrono::milliseconds drain_bound{2000};
  /// Where close() reports dropped lines (one line, only when some were dropped); -1: nowhere.
  int report_fd = 2;
};

/// What happened to the lines pushed so far. written + dropped + queued (in the queue or being
/// written) = pushed.
struct RequestLogStats {
  std::uint64_t pushed = 0;
  std::uint64_t written = 0; ///< whole lines the sink accepted
  std::uint64_t dropped = 0; ///< queue full, sink gone (EPIPE, error) or left at shutdown
};

class RequestLog {
public:
  /// Writes to file descriptor `fd` (not owned, not closed; its flags are left alone). The
  /// writer waits for the fd with poll() and writes at most PIPE_BUF bytes at a time, so a
  /// blocked pipe, FIFO or socket never blocks the writer longer than the drain bound.
  explicit RequestLog(int fd, RequestLogOptions options = {});
  /// Writes to `out` from the log's thread. Shutdown is bounded only when `out` never blocks
  /// (a string stream, a file); give a blocking sink as a file descriptor instead.
  explicit RequestLog(std::ostream& out, RequestLogOptions options = {});
  ~RequestLog(); ///< close()
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  /// Queues one line (a trailing '\n' is added when missing). Never waits for the sink: returns
  /// false, counting the line as dropped, when the queue is full or the log is closed.
  bool push(std::string line);
  /// Waits until every line pushed so far was written or dropped, at most `timeout`. Returns
  /// whether it got there.
  bool flush(std::chrono::milliseconds timeout);
  /// Writes what is queued for at most the drain bound, drops the rest, stops the thread and
  /// reports any dropped lines on report_fd. Later pushes are dropped. Idempotent.
  void close();
  RequestLogStats stats() const;

private:
  void run();
  bool write_fd(const std::string& bytes, std::chrono::steady_clock::time_point deadline);

  RequestLogOptions options_;
  int fd_ = -1;
  std::ostream* out_ = nullptr;
  mutable std::mutex mu_;
  std::condition_variable wake_;                   // the writer: lines queued, or closing
  std::condition_variable idle_;                   // flush(): the writer finished a batch
  std::deque<std::string> queue_;                  // guarded by mu_
  RequestLogStats stats_;                          // guarded by mu_
  bool closing_ = false;                           // guarded by mu_
  std::chrono::steady_clock::time_point deadline_; // guarded by mu_; set when closing_
  std::uint64_t in_flight_ = 0;                    // guarded by mu_: lines taken, not counted
  std::mutex join_mu_;                             // close(): one caller joins the writer
  std::thread writer_;
};

} // namespace minigin
