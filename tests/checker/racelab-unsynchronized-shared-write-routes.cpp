// RUN: racelab-unsynchronized-shared-write --config="{CheckOptions: [{key: Frameworks, value: 'pistache;cpp_httplib;restinio'}]}" -- -std=c++17
// What a route registration (RACELAB_ROUTE) hands the framework is one callable it calls for
// every request, on several threads at once: a member function bound to an object
// (Pistache's Rest::Routes::bind, std::bind) runs on that one object, and a lambda's `this`
// points to one object in every call; so do the helpers they call on it. A thread given the
// same lambda runs once. RESTinio's plain request_handler is a route only on the settings of
// on_thread_pool(n) (RACELAB_ROUTE_ON). The frameworks' public API is declared here, in its
// shape.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace Pistache {
namespace Http {
class ResponseWriter {};
} // namespace Http
namespace Rest {
class Request {};
class Router {};
namespace Route {
using Handler = std::function<void(const Request&, Http::ResponseWriter)>;
} // namespace Route
namespace Routes {
inline void Get(Router&, const std::string&, Route::Handler) {}
inline void Post(Router&, const std::string&, Route::Handler) {}
template <typename Result, typename Cls, typename... Args, typename Obj>
Route::Handler bind(Result (Cls::*Func)(Args...), Obj Object) {
  return [=](const Request& R, Http::ResponseWriter W) { (Object->*Func)(R, std::move(W)); };
}
} // namespace Routes
} // namespace Rest
} // namespace Pistache

namespace httplib {
struct Request {};
struct Response {};
class Server {
public:
  using Handler = std::function<void(const Request&, Response&)>;
  Server& Get(const std::string&, Handler) { return *this; }
};
} // namespace httplib

namespace restinio {
template <typename Derived> class basic_server_settings_t {
public:
  template <typename... Params> Derived&& request_handler(Params&&...) && {
    return static_cast<Derived&&>(*this);
  }
};
class run_on_thread_pool_settings_t
    : public basic_server_settings_t<run_on_thread_pool_settings_t> {};
class run_on_this_thread_settings_t
    : public basic_server_settings_t<run_on_this_thread_settings_t> {};
inline run_on_thread_pool_settings_t on_thread_pool(int) {
  return {};
}
inline run_on_this_thread_settings_t on_this_thread() {
  return {};
}
template <typename Settings> void run(Settings&&) {}
} // namespace restinio

using namespace Pistache;

long created_total = 0;

// ===== flagged: a bound member function's writes to its object and to static storage =========

class DeviceApi {
public:
  explicit DeviceApi(Rest::Router& router) {
    created_ = 0; // setup before any request: not a handler's write
    Rest::Routes::Post(router, "/devices", Rest::Routes::bind(&DeviceApi::create, this));
    Rest::Routes::Get(router, "/devices", Rest::Routes::bind(&DeviceApi::count, this));
    Rest::Routes::Get(
        router, "/std",
        std::bind(&DeviceApi::viaStd, this, std::placeholders::_1, std::placeholders::_2));
  }

private:
  void create(const Rest::Request&, Http::ResponseWriter) {
    ++created_;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: unsynchronized write to member 'created_' in a request handler: '::DeviceApi::create' runs on several threads at once and 'created_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :77:64: note: it is bound here and registered with '::Pistache::Rest::Routes::Post', and the framework calls it concurrently on the one object it is bound to
    created_total += 1;
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: unsynchronized write to 'created_total' in a request handler: '::DeviceApi::create' runs on several threads at once and 'created_total' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :77:64: note: it is bound here and registered with '::Pistache::Rest::Routes::Post', and the framework calls it concurrently on the one object it is bound to
  }
  // Under the class's lock, a local, a const helper: silent.
  void count(const Rest::Request&, Http::ResponseWriter) {
    long now = 0;
    {
      std::lock_guard<std::mutex> hold(mu_);
      now = ++reads_;
    }
    now += peek();
  }
  void viaStd(const Rest::Request&, Http::ResponseWriter) {
    last_ = 1;
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: unsynchronized write to member 'last_' in a request handler: '::DeviceApi::viaStd' runs on several threads at once and 'last_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :81:20: note: it is bound here and registered with '::Pistache::Rest::Routes::Get', and the framework calls it concurrently on the one object it is bound to
  }
  long peek() const { return reads_; }

  std::mutex mu_;
  long created_ = 0, reads_ = 0, last_ = 0;
};

// ===== flagged: a route lambda's writes through `this`, and its helpers' ====================

class StatsService {
public:
  void routes(httplib::Server& svr) {
    svr.Get("/stats", [this](const httplib::Request&, httplib::Response&) {
      ++hits_;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: unsynchronized write to member 'hits_' in a request handler: the lambda registered with '::httplib::Server::Get' runs on several threads at once and 'hits_' is a member of the object it captured as 'this', which all its calls share; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
      // CHECK-NOTES: :[[@LINE-3]]:9: note: it is registered here; the framework calls it for every request, on several threads at once
      note();
      {
        std::lock_guard<std::mutex> hold(mu_);
        noteLocked(); // called under the lock: silent
      }
      // A thread the handler starts and joins: its own lambda, not the route's.
      std::thread([this] { ++scratch_; }).join();
    });
  }

private:
  void note() { ++notes_; }
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: unsynchronized write to member 'notes_' in a request handler: '::StatsService::note', called by the lambda registered with '::httplib::Server::Get', runs on several threads at once and 'notes_' is a member of the object it captured as 'this', which all its calls share; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-13]]:7: note: it is called here
  // CHECK-NOTES: :[[@LINE-18]]:9: note: it is registered here; the framework calls it for every request, on several threads at once
  void noteLocked() { ++notes_; }
  std::mutex mu_;
  long hits_ = 0, notes_ = 0, scratch_ = 0;
};

// A route registered in a constructor through a member alone.
class Owned {
public:
  Owned() {
    svr_.Get("/x", std::bind(&Owned::get, this, std::placeholders::_1, std::placeholders::_2));
  }

private:
  void get(const httplib::Request&, httplib::Response&) { ++gets_; }
  // CHECK-NOTES: :[[@LINE-1]]:59: warning: unsynchronized write to member 'gets_' in a request handler: '::Owned::get' runs on several threads at once and 'gets_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-6]]:31: note: it is bound here and registered with '::httplib::Server::Get', and the framework calls it concurrently on the one object it is bound to
  httplib::Server svr_;
  long gets_ = 0;
};

// ===== flagged: a bound function run by a thread writes static storage ======================

void tick(int n) {
  created_total += n;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: unsynchronized write to 'created_total' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE+4]]:3: note: the thread is started here
}
void ticker() {
  int n = 2;
  std::thread(std::bind(&tick, n)).detach();
}

// ===== not flagged ========================================================================

// An atomic member and a local in a route lambda.
class AtomicStats {
public:
  void routes(httplib::Server& svr) {
    svr.Get("/stats", [this](const httplib::Request&, httplib::Response&) {
      ++hits_;
      long local = hits_.load();
      local += 1;
    });
  }

private:
  std::atomic<long> hits_{0};
};

// A thread (not a route) given a lambda with `this`, or a bound member function: it runs once.
class Worker {
public:
  void start() {
    std::thread([this] { ++ticks_; }).detach();
    std::thread(std::bind(&Worker::run, this)).detach();
  }

private:
  void run() { ++runs_; }
  long ticks_ = 0, runs_ = 0;
};

// A lambda without `this` that writes a member of another object it was handed: no `this`.
struct Counter {
  long n = 0;
};
void counterRoute(httplib::Server& svr, Counter* c) {
  svr.Get("/c", [c](const httplib::Request&, httplib::Response&) { (void)c; });
}

// ===== RESTinio's plain request handler ===================================================

long served_pool = 0, served_single = 0;

void poolServer() {
  restinio::run(restinio::on_thread_pool(4).request_handler([](int) {
    ++served_pool;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: unsynchronized write to 'served_pool' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:45: note: the thread is started here
    return 0;
  }));
}

// On one thread: the same settings' member is no spawn there.
void singleServer() {
  restinio::run(restinio::on_this_thread().request_handler([](int) {
    ++served_single;
    return 0;
  }));
}
