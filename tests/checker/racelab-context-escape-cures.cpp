// RUN: racelab-context-escape --config="{CheckOptions: [{key: racelab-context-escape.ContextTypes, value: '::fw::Request;::fw::Handler;::fw::Upload'}]}" -- -std=c++20
// The cure a message suggests is one the type allows: a copy of a copyable request, never a
// copy of an interface (abstract) or of a move-only handle.
#include <memory>
#include <string>
#include <thread>

namespace fw {
struct Request {
  std::string path;
};
// An interface the framework implements: it cannot be copied.
class Handler {
public:
  virtual ~Handler() = default;
  virtual std::string path() const = 0;
};
// A move-only handle to an upload in progress.
class Upload {
public:
  Upload(Upload&&) = default;
  Upload(const Upload&) = delete;
  std::string name() const;
};
} // namespace fw

void copyable(fw::Request& req) {
  std::thread([&req] { (void)req.path; }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'req' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture a copy of 'req' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:43: note: the thread is detached here
}

void abstract(fw::Handler& h) {
  std::thread([&h] { (void)h.path(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'h' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: copy the values the thread needs into owning objects first [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:41: note: the thread is detached here
}

void moveOnly(fw::Upload& up) {
  std::thread([&up] { (void)up.name(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'up' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: move 'up' into the work (std::move) if the request is done with it, or copy the values the thread needs into owning objects first [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:43: note: the thread is detached here
}
