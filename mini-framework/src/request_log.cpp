#include "minigin/request_log.h"

#include <cerrno>
#include <climits>
#include <csignal>
#include <ostream>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

namespace minigin {

namespace {

using Clock = std::chrono::steady_clock;

// Reports on a descriptor that may itself be the blocked sink: waits for it at most `bound`.
void report(int fd, const std::string& text, std::chrono::milliseconds bound) {
  if (fd < 0)
    return;
  pollfd p{fd, POLLOUT, 0};
  if (::poll(&p, 1, static_cast<int>(bound.count())) == 1 && (p.revents & POLLOUT))
    (void)!::write(fd, text.data(), text.size() < PIPE_BUF ? text.size() : PIPE_BUF);
}

} // namespace

RequestLog::RequestLog(int fd, RequestLogOptions options) : options_(options), fd_(fd) {
  writer_ = std::thread([this] { run(); });
}

RequestLog::RequestLog(std::ostream& out, RequestLogOptions options)
    : options_(options), out_(&out) {
  writer_ = std::thread([this] { run(); });
}

RequestLog::~RequestLog() {
  close();
}

bool RequestLog::push(std::string line) {
  if (line.empty() || line.back() != '\n')
    line += '\n';
  {
    std::lock_guard lock(mu_);
    ++stats_.pushed;
    if (closing_ || queue_.size() >= options_.capacity) {
      ++stats_.dropped;
      return false;
    }
    queue_.push_back(std::move(line));
  }
  wake_.notify_one();
  return true;
}

bool RequestLog::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return idle_.wait_for(lock, timeout, [this] { return queue_.empty() && in_flight_ == 0; });
}

void RequestLog::close() {
  std::uint64_t dropped = 0, pushed = 0;
  {
    std::lock_guard lock(mu_);
    if (!closing_) {
      closing_ = true;
      deadline_ = Clock::now() + options_.drain_bound;
    }
  }
  wake_.notify_one();
  // Only one caller joins; a second close() (or the destructor after close()) finds it joined.
  {
    std::lock_guard join(join_mu_);
    if (!writer_.joinable())
      return;
    writer_.join();
  }
  {
    std::lock_guard lock(mu_);
    dropped = stats_.dropped;
    pushed = stats_.pushed;
  }
  if (dropped > 0)
    report(options_.report_fd,
           "[minigin] request log: " + std::to_string(dropped) + " of " + std::to_string(pushed) +
               " lines dropped (the sink was blocked or too slow)\n",
           options_.drain_bound);
}

RequestLogStats RequestLog::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void RequestLog::run() {
  // A reader that went away must cost this process its log lines, not its life: the SIGPIPE of
  // a write to a closed pipe goes to the writing thread, which is this one, and stays blocked.
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);

  bool sink_ok = true;
  std::deque<std::string> batch;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty() && closing_)
      break;
    if (closing_ && Clock::now() >= deadline_) {
      stats_.dropped += queue_.size();
      queue_.clear();
      break;
    }
    batch.swap(queue_);
    in_flight_ = batch.size();
    const auto deadline = closing_ ? deadline_ : Clock::time_point::max();
    lock.unlock();

    // Whole lines up to PIPE_BUF bytes per write: a pipe takes such a write at once or not at all.
    std::uint64_t written = 0, dropped = 0;
    std::string chunk;
    std::size_t lines = 0;
    auto put = [&] {
      bool ok = sink_ok && (out_ ? static_cast<bool>(*out_ << chunk << std::flush)
                                 : write_fd(chunk, deadline));
      sink_ok = ok; // after a failure (EPIPE, the drain bound) the rest is dropped, not tried
      (ok ? written : dropped) += lines;
      chunk.clear();
      lines = 0;
    };
    for (auto& line : batch) {
      if (!chunk.empty() && chunk.size() + line.size() > PIPE_BUF)
        put();
      chunk += line;
      ++lines;
    }
    if (lines > 0)
      put();
    batch.clear();

    lock.lock();
    stats_.written += written;
    stats_.dropped += dropped;
    in_flight_ = 0;
    idle_.notify_all();
  }
  in_flight_ = 0;
  idle_.notify_all();
}

// Writes all of `bytes` unless the deadline passes first or the descriptor fails. poll() first,
// so a blocking descriptor is only written when it can take bytes.
bool RequestLog::write_fd(const std::string& bytes, Clock::time_point deadline) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    {
      // close() can move the deadline closer while this waits: re-read it every slice.
      std::lock_guard lock(mu_);
      if (closing_ && deadline_ < deadline)
        deadline = deadline_;
    }
    auto now = Clock::now();
    if (now >= deadline)
      return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    pollfd p{fd_, POLLOUT, 0};
    int r = ::poll(&p, 1, static_cast<int>(left < 100 ? left + 1 : 100));
    if (r < 0 && errno != EINTR)
      return false;
    if (r <= 0)
      continue;
    if (p.revents & (POLLERR | POLLNVAL))
      return false;
    std::size_t n = bytes.size() - done < PIPE_BUF ? bytes.size() - done : PIPE_BUF;
    ssize_t w = ::write(fd_, bytes.data() + done, n);
    if (w < 0) {
      if (errno == EINTR || errno == EAGAIN)
        continue;
      return false; // EPIPE (the reader went away), EBADF, ...
    }
    done += static_cast<std::size_t>(w);
  }
  return true;
}

} // namespace minigin
