// RUN: racelab-unsynchronized-shared-write --config="{CheckOptions: [{key: Frameworks, value: 'drogon;glaze'}, {key: RegisteredEntries, value: '::app::Router::bind'}]}" -- -std=c++20
// Methods a framework calls concurrently because they are handed to it by member pointer
// (RACELAB_REGISTERED_ENTRY): drogon's METHOD_LIST macros expand to
// HttpController::registerMethod(&C::get, ...) in a static member of the controller, and drogon
// calls the registered methods on its one controller object from every I/O thread. Then the
// methods an object's metadata lists when the object is registered (RACELAB_REGISTERED_OBJECT):
// glaze's REST registry serves those of glz::meta<T> on the server's threads. The frameworks'
// public API is declared here, in its shape. At the end, a project's own registration function
// told to the check by the option RegisteredEntries.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace drogon {
class HttpRequest {};
class HttpResponse {};
using HttpRequestPtr = std::shared_ptr<HttpRequest>;
using HttpResponsePtr = std::shared_ptr<HttpResponse>;
enum HttpMethod { Get, Post };
namespace internal {
class HttpConstraint {
public:
  HttpConstraint(HttpMethod) {}
};
} // namespace internal
template <typename T> class DrObject {};
template <typename T, bool AutoCreation = true> class HttpController : public DrObject<T> {
protected:
  template <typename F>
  static void registerMethod(F&&, const std::string&,
                             const std::vector<internal::HttpConstraint>& = {}, bool = true,
                             const std::string& = "") {}
  template <typename F>
  static void registerMethodViaRegex(F&&, const std::string&,
                                     const std::vector<internal::HttpConstraint>& = {},
                                     const std::string& = "") {}
};
} // namespace drogon

#define METHOD_LIST_BEGIN static void initPathRouting() {
#define METHOD_ADD(method, pattern, ...)                                                           \
  registerMethod(&method, pattern, {__VA_ARGS__}, true, #method)
#define ADD_METHOD_TO(method, pattern, ...)                                                        \
  registerMethod(&method, pattern, {__VA_ARGS__}, false, #method)
#define ADD_METHOD_VIA_REGEX(method, regex, ...)                                                   \
  registerMethodViaRegex(&method, regex, {__VA_ARGS__}, #method)
#define METHOD_LIST_END                                                                            \
  return;                                                                                          \
  }

using Callback = std::function<void(const drogon::HttpResponsePtr&)>;
long visits = 0;

class Items : public drogon::HttpController<Items> {
public:
  METHOD_LIST_BEGIN
  ADD_METHOD_TO(Items::get, "/items/{1}", drogon::Get);
  ADD_METHOD_TO(Items::list, "/items", drogon::Get);
  METHOD_ADD(Items::list, "/all", drogon::Get);
  ADD_METHOD_VIA_REGEX(Items::search, "/search/.*", drogon::Get);
  ADD_METHOD_TO(Items::counted, "/counted", drogon::Get);
  ADD_METHOD_TO(Items::locked, "/locked", drogon::Post);
  ADD_METHOD_TO(Items::peek, "/peek", drogon::Get);
  METHOD_LIST_END

  Items() { reset(); }
  void get(const drogon::HttpRequestPtr&, Callback&& cb, int id);
  void list(const drogon::HttpRequestPtr&, Callback&& cb);
  void search(const drogon::HttpRequestPtr&, Callback&& cb);
  void counted(const drogon::HttpRequestPtr&, Callback&& cb);
  void locked(const drogon::HttpRequestPtr&, Callback&& cb);
  void peek(const drogon::HttpRequestPtr&, Callback&& cb) { cb(last_ ? nullptr : nullptr); }

private:
  void reset() { last_ = 0; }
  void remember(int id) { last_ = id; }
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: unsynchronized write to member 'last_' in a request handler: '::Items::remember', called by '::Items::get', runs on several threads at once and 'last_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE+14]]:3: note: it is called here
  // CHECK-NOTES: :63:17: note: it is registered here with '::drogon::HttpController::registerMethod', and the framework calls it concurrently on one object
  int last_ = 0;
  long listed_ = 0;
  std::atomic<long> counted_{0};
  std::mutex mu_;
};

// ===== flagged: the registered methods, defined out of line ============================

void Items::get(const drogon::HttpRequestPtr&, Callback&& cb, int id) {
  last_ = id;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: unsynchronized write to member 'last_' in a request handler: '::Items::get' runs on several threads at once and 'last_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :63:17: note: it is registered here with '::drogon::HttpController::registerMethod', and the framework calls it concurrently on one object
  remember(id); // a helper it calls on its object: followed one call down
  cb(nullptr);
}

// Registered for two paths: one finding, its note at the first registration.
void Items::list(const drogon::HttpRequestPtr&, Callback&& cb) {
  ++listed_;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: unsynchronized write to member 'listed_' in a request handler: '::Items::list' runs on several threads at once and 'listed_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :64:17: note: it is registered here with '::drogon::HttpController::registerMethod', and the framework calls it concurrently on one object
  cb(nullptr);
}

void Items::search(const drogon::HttpRequestPtr&, Callback&& cb) {
  visits += 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: unsynchronized write to 'visits' in a request handler: '::Items::search' runs on several threads at once and 'visits' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :66:24: note: it is registered here with '::drogon::HttpController::registerMethodViaRegex', and the framework calls it concurrently on one object
  cb(nullptr);
}

// ===== not flagged ======================================================================

// An atomic member, a write under a lock, a local.
void Items::counted(const drogon::HttpRequestPtr&, Callback&& cb) {
  counted_++;
  long local = counted_.load();
  local += 1;
  cb(nullptr);
}
void Items::locked(const drogon::HttpRequestPtr&, Callback&& cb) {
  std::lock_guard<std::mutex> hold(mu_);
  ++listed_;
  cb(nullptr);
}

// A member pointer handed to a function of the same name that is not drogon's.
struct Table {
  template <typename F> static void registerMethod(F&&, const char*) {}
  static void init() { registerMethod(&Table::bump, "bump"); }
  void bump() { ++n_; }
  long n_ = 0;
};

// A controller's method that is not registered: the helper above, called by the constructor
// too (reset() is not called by a handler), and this one.
class Other : public drogon::HttpController<Other> {
public:
  METHOD_LIST_BEGIN
  METHOD_LIST_END
  void handle(const drogon::HttpRequestPtr&, Callback&& cb) {
    ++n_;
    cb(nullptr);
  }
  long n_ = 0;
};

// ===== a project's own registration function: RegisteredEntries =========================

namespace app {
struct Router {
  template <typename C> void bind(const char*, void (C::*)()) {}
};
} // namespace app

struct Service {
  void ping() {
    ++pings_;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: unsynchronized write to member 'pings_' in a request handler: '::Service::ping' runs on several threads at once and 'pings_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :171:20: note: it is registered here with '::app::Router::bind', and the framework calls it concurrently on one object
  }
  long pings_ = 0;
};

void setup(app::Router& r) {
  r.bind("/ping", &Service::ping);
}

// ===== glaze's REST registry ============================================================

namespace glz {
struct opts {
  bool prettify = false;
};
inline constexpr uint32_t REPE = 30000;
inline constexpr uint32_t REST = 30100;
template <class T> struct meta;
template <class... M> constexpr auto object(M&&... m) {
  return std::tuple<std::decay_t<M>...>{m...};
}
template <auto Opts = opts{}, uint32_t Proto = REPE> struct registry {
  template <class T> void on(T&) {}
};
} // namespace glz

struct Accounts {
  long open() {
    return ++opened_;
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to member 'opened_' in a request handler: '::Accounts::open' runs on several threads at once and 'opened_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE+22]]:8: note: it is listed in '::glz::meta' of the object registered here with '::glz::registry::on', and the framework calls it concurrently on that object
  }
  long audit() { return ++audits_; } // not listed: not a route
  long opened_ = 0, audits_ = 0;
};
template <> struct glz::meta<Accounts> {
  using T = Accounts;
  static constexpr auto value = glz::object(&T::open);
};

// The same class on a REPE registry: called by whoever holds it, not by the HTTP server.
struct Ledger {
  long post() { return ++posted_; }
  long posted_ = 0;
};
template <> struct glz::meta<Ledger> {
  using T = Ledger;
  static constexpr auto value = glz::object(&T::post);
};

void serve(Accounts& accounts, Ledger& ledger) {
  glz::registry<glz::opts{}, glz::REST> rest;
  rest.on(accounts);
  rest.on(accounts); // registered twice: one finding
  glz::registry<> repe;
  repe.on(ledger);
}
