// RUN: racelab-context-escape --config="{CheckOptions: [{key: racelab-context-escape.ContextTypes, value: '::net::Message'}, {key: racelab-context-escape.SpawnFunctions, value: '::net::async_write;::net::post'}]}" -- -std=c++20
// Asio-style sessions: objects that shared_ptrs own, whose async operations run later, and
// messages those operations keep by reference (Beast's http::async_write).
#include <functional>
#include <memory>
#include <thread>

namespace net {
struct Message {
  int body = 0;
};
struct Stream {};
// Keeps `m` by reference until the write completes, then calls `done`.
void async_write(Stream& s, Message& m, std::function<void(int)> done);
void post(std::function<void()> work);
} // namespace net

void consume(const net::Message& m);

class Session : public std::enable_shared_from_this<Session> {
public:
  // ===== Flagged ================================================================
  void readRaw() {
    net::post([this] { onRead(); });
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: raw 'this' of 'Session', an object shared_ptrs own, captured escapes into a task started by '::net::post'; nothing keeps the object alive until the work runs, and when its last shared_ptr is gone the work uses a destroyed object: capture 'self = shared_from_this()' as well, so that the work owns it [racelab-context-escape]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the task is handed over here
  }
  void readByDefaultCapture() {
    net::post([&] { onRead(); });
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: raw 'this' of 'Session', an object shared_ptrs own, captured (by the default capture) escapes into a task started by '::net::post'; nothing keeps the object alive until the work runs, and when its last shared_ptr is gone the work uses a destroyed object: capture 'self = shared_from_this()' as well, so that the work owns it [racelab-context-escape]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the task is handed over here
  }
  void writeLocal() {
    net::Message res;
    res.body = 200;
    net::async_write(stream_, res, [self = shared_from_this()](int) {});
    // CHECK-NOTES: :[[@LINE-1]]:31: warning: local 'res' passed by reference escapes into a task started by '::net::async_write'; the operation keeps the reference, and the local is destroyed when the function returns: let the work own it (e.g. a std::shared_ptr to it, captured by the completion handler) [racelab-context-escape]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the task is handed over here
  }

  // ===== Not flagged ============================================================
  void nested() {
    net::post([self = shared_from_this()] {
      self->helper();
    });
  }
  void readOwned() {
    net::post([this, self = shared_from_this()] { onRead(); });
  }
  void readWeak() {
    net::post([this, weak = weak_from_this()] {
      if (auto alive = weak.lock())
        onRead();
    });
  }
  void writeShared() {
    auto res = std::make_shared<net::Message>();
    net::async_write(stream_, *res, [self = shared_from_this(), res](int) {});
  }
  void writeMember() {
    net::async_write(stream_, last_, [self = shared_from_this()](int) {});
  }
  void threadCopiesItsArguments() {
    net::Message res;
    std::thread(consume, res).detach();
  }

private:
  void onRead();
  void helper();
  net::Stream stream_;
  net::Message last_;
};

// Not owned by shared_ptrs: whoever owns it decides how long it lives.
struct Plain {
  void run() {
    net::post([this] { work(); });
  }
  void work();
};
