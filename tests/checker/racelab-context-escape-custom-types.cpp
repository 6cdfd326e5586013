// RUN: racelab-context-escape --config="{CheckOptions: [{key: racelab-context-escape.ContextTypes, value: 'app::Request;::app::Session'}, {key: racelab-context-escape.SpawnFunctions, value: '::app::ThreadPool::submit;::boost::asio::post;::app::BackgroundJob'}, {key: racelab-context-escape.CopyMethod, value: clone}]}" -- -std=c++20
// Another framework's request types, its own thread pool and executor, and its copy method.
#include <string>
#include <thread>
#include <utility>

namespace app {
struct Snapshot {
  std::string header(const std::string& name) const;
};
class Request {
public:
  std::string header(const std::string& name) const;
  Snapshot clone() const;
};
class Session : public Request {};
class AdminRequest : public Request {};
class ThreadPool {
public:
  template <class F> void submit(F&& f) { f(); }
  template <class F> void run_here(F&& f) { f(); }
};
class BackgroundJob {
public:
  template <class F> explicit BackgroundJob(F&& f) { f(); }
};
} // namespace app

namespace boost::asio {
class io_context {};
template <class Executor, class F> void post(Executor&, F&& f) { f(); }
} // namespace boost::asio

namespace minigin {
class Context {
public:
  std::string path() const;
};
} // namespace minigin

void log(const std::string&);

// ===== Pool and executor submissions always escape =================================

void poolSubmit(app::ThreadPool& pool, app::Request& req) {
  pool.submit([&req] { log(req.header("X-Id")); });
  // CHECK-FIXES: {{^}}  pool.submit([req = req.clone()] { log(req.header("X-Id")); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'req' captured by reference escapes into a task started by '::app::ThreadPool::submit'; the context is reset or destroyed when the request ends: capture 'req.clone()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: the task is handed over here
}

void asioPost(boost::asio::io_context& io, app::Request& req) {
  boost::asio::post(io, [&req] { log(req.header("X-Id")); });
  // CHECK-FIXES: {{^}}  boost::asio::post(io, [req = req.clone()] { log(req.header("X-Id")); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:27: warning: original context 'req' captured by reference escapes into a task started by '::boost::asio::post'; the context is reset or destroyed when the request ends: capture 'req.clone()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

void jobClass(app::Request& req) {
  app::BackgroundJob job([&req] { log(req.header("X-Id")); });
  // CHECK-FIXES: {{^}}  app::BackgroundJob job([req = req.clone()] { log(req.header("X-Id")); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:28: warning: original context 'req' captured by reference escapes into a task started by '::app::BackgroundJob'; the context is reset or destroyed when the request ends: capture 'req.clone()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:22: note: the task is handed over here
}

void derivedType(app::ThreadPool& pool, app::AdminRequest& req) {
  pool.submit([&req] { log(req.header("X-Id")); });
  // CHECK-FIXES: {{^}}  pool.submit([req = req.clone()] { log(req.header("X-Id")); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'req' captured by reference escapes into a task started by '::app::ThreadPool::submit'; the context is reset or destroyed when the request ends: capture 'req.clone()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: the task is handed over here
}

void listedDerivedType(app::ThreadPool& pool, app::Session& s) {
  pool.submit([&s] { log(s.header("X-Id")); });
  // CHECK-FIXES: {{^}}  pool.submit([s = s.clone()] { log(s.header("X-Id")); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 's' captured by reference escapes into a task started by '::app::ThreadPool::submit'; the context is reset or destroyed when the request ends: capture 's.clone()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: the task is handed over here
}

void defaultsStillApply(app::Request& req) {
  std::thread([&req] { log(req.header("X-Id")); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([req = req.clone()] { log(req.header("X-Id")); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'req' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'req.clone()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:52: note: the thread is detached here
}

// ===== Not flagged =================================================================

void theClone(app::ThreadPool& pool, app::Request& req) {
  pool.submit([snap = req.clone()] { log(snap.header("X-Id")); });
}

void notASpawnFunction(app::ThreadPool& pool, app::Request& req) {
  pool.run_here([&req] { log(req.header("X-Id")); });
}

void minginIsNotConfiguredHere(minigin::Context& c) {
  std::thread([&c] { log(c.path()); }).detach();
}
