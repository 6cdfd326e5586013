#include "minigin/middleware.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <mutex>
#include <sstream>
#include <unistd.h>

namespace minigin {

namespace {
std::mutex& log_mutex() {
  static std::mutex m;
  return m;
}
} // namespace

RequestLog& default_request_log() {
  // Destroyed at exit, after main returned: close() then writes what is queued, within the bound.
  static RequestLog log(STDERR_FILENO);
  return log;
}

HandlerFunc logger() {
  return logger(default_request_log());
}

HandlerFunc logger(RequestLog& log) {
  return [&log](Context& c) {
    auto start = std::chrono::steady_clock::now();
    c.next();
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    char latency[32];
    std::snprintf(latency, sizeof latency, "%.3fms", double(us) / 1000.0);
    std::ostringstream line;
    line << "[minigin] " << c.response().status << " | " << latency << " | " << c.client_ip()
         << " | " << c.method() << " " << c.path() << "\n";
    log.push(std::move(line).str()); // queued or dropped, never waits for the sink
  };
}

HandlerFunc recovery() {
  return recovery(std::clog);
}

HandlerFunc recovery(std::ostream& out) {
  return [&out](Context& c) {
    try {
      c.next();
    } catch (const std::exception& e) {
      std::ostringstream line;
      line << "[minigin] recovered: " << c.method() << " " << c.path() << ": " << e.what() << "\n";
      {
        std::lock_guard lock(log_mutex());
        out << line.str() << std::flush;
      }
      c.abort();
      if (!c.written())
        c.string(500, "500 internal server error");
    } catch (...) {
      {
        std::lock_guard lock(log_mutex());
        out << "[minigin] recovered: " << c.method() << " " << c.path() << ": unknown exception\n"
            << std::flush;
      }
      c.abort();
      if (!c.written())
        c.string(500, "500 internal server error");
    }
  };
}

} // namespace minigin
