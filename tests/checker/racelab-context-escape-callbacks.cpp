// RUN: racelab-context-escape --config="{CheckOptions: [{key: ContextTypes, value: '::web::Request'}, {key: SpawnFunctions, value: '::web::Loop::runAfter'}]}" -- -std=c++20
// A handler's callable parameter held by reference (drogon's `std::function<void(const
// HttpResponsePtr&)>&& callback`): the reference names the caller's object, often a temporary,
// destroyed when the handler returns. Moved or copied into the work is the cure.
#include <functional>
#include <thread>
#include <utility>

namespace web {
struct Request {
  int id = 0;
};
struct Response {};
using Reply = std::function<void(const Response&)>;
struct Loop {
  // Runs `f` on the loop's thread after `seconds`, long after the handler returned.
  void runAfter(double seconds, std::function<void()> f);
};
} // namespace web

web::Loop& loop();
web::Response render(int id);

// ===== Flagged ================================================================

void rvalueCallback(const web::Request& req, web::Reply&& callback) {
  loop().runAfter(1.0, [id = req.id, &callback] { callback(render(id)); });
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: callback 'callback', a reference parameter of the handler, captured by reference escapes into a task started by '::web::Loop::runAfter'; it refers to the caller's object, which is destroyed when the handler returns: move it into the work ('callback = std::move(callback)') [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: the task is handed over here
}

// The type spelled out, as drogon's handlers do.
void inlineType(const web::Request& req, std::function<void(const web::Response&)>&& callback) {
  std::thread([&, id = req.id] { callback(render(id)); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: callback 'callback', a reference parameter of the handler, captured by reference (by the '[&]' default) escapes into a detached std::thread; it refers to the caller's object, which is destroyed when the handler returns: move it into the work ('callback = std::move(callback)') [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:59: note: the thread is detached here
}

// A const lvalue reference: the caller's std::function is usually a temporary made from a lambda.
void constCallback(const web::Request& req, const web::Reply& callback) {
  std::thread([&callback, id = req.id] { callback(render(id)); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: callback 'callback', a reference parameter of the handler, captured by reference escapes into a detached std::thread; it refers to the caller's object, which is destroyed when the handler returns: capture a copy ('callback' by value) [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:67: note: the thread is detached here
}

// A forwarding reference: the closure the caller passed is checked in the instantiation.
template <class Callback> void templateCallback(const web::Request& req, Callback&& done) {
  std::thread([&done, id = req.id] { done(render(id)); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: callback 'done', a reference parameter of the handler, captured by reference escapes into a detached std::thread; it refers to the caller's object, which is destroyed when the handler returns: move it into the work ('done = std::move(done)') [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:59: note: the thread is detached here
}
void callsTemplate(const web::Request& req) {
  templateCallback(req, [](const web::Response&) {});
}

// A lambda handler registered with a router, as drogon's registerHandler takes it.
void registered(std::function<void(std::function<void(const web::Request&, web::Reply&&)>)> on) {
  on([](const web::Request& req, web::Reply&& callback) {
    loop().runAfter(0.5, [&callback, id = req.id] { callback(render(id)); });
    // CHECK-NOTES: :[[@LINE-1]]:28: warning: callback 'callback', a reference parameter of the handler, captured by reference escapes into a task started by '::web::Loop::runAfter'; it refers to the caller's object, which is destroyed when the handler returns: move it into the work ('callback = std::move(callback)') [racelab-context-escape]
    // CHECK-NOTES: :[[@LINE-2]]:12: note: the task is handed over here
  });
}

// ===== Not flagged ============================================================

// The cure: the callback moved into the work.
void moved(const web::Request& req, web::Reply&& callback) {
  loop().runAfter(1.0, [id = req.id, cb = std::move(callback)] { cb(render(id)); });
}

// A copy: [callback] copies the object the reference names, and [=] does the same.
void copied(const web::Request& req, const web::Reply& callback) {
  std::thread([callback, id = req.id] { callback(render(id)); }).detach();
  std::thread([=] { callback(render(req.id)); }).join();
}

// The thread ends before the handler returns: the caller's object is still there.
void joined(const web::Request& req, web::Reply&& callback) {
  std::thread t([&] { callback(render(req.id)); });
  t.join();
}

// No request parameter: a helper that takes only a callable is no handler (the caller may well
// keep the callable alive; the check cannot tell).
void helper(std::function<void()>& job) {
  std::thread([&job] { job(); }).detach();
}

// A reference parameter that is no callable.
void notCallable(const web::Request& req, int& counter) {
  std::thread([&counter, id = req.id] { counter += id; }).detach();
}
