// RUN: racelab-context-view-escape --config="{CheckOptions: [{key: ContextTypes, value: '::web::Request;::web::Handle'}, {key: SpawnFunctions, value: '::web::post'}]}" -- -std=c++20
// A view of a string the context owns: a public field (cpp-httplib's and Crow's `req.body`) or
// what a getter of the context returns by reference (Pistache's `request.body()`). Reached
// through a handle's operator-> (RESTinio's `req->body()`) it is not flagged: the handle, when
// the work holds a copy, keeps the string alive.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace web {
struct Request {
  std::string body;
  std::string path;
  const std::string& resource() const;
  std::string header(const std::string& name) const;
};
struct Handle {
  Request* operator->() const;
};
void post(std::function<void()> job); // runs job on a pool thread, later
} // namespace web

void use(std::string_view);
void raw(const char*, std::size_t);

// ===== Flagged ================================================================

void fieldView(const web::Request& req) {
  std::string_view body = req.body;
  std::thread([body] { use(body); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([body = std::string(body)] { use(body); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: view 'body' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(body)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:38: note: the thread is detached here
}

void fieldCString(const web::Request* req) {
  const char* p = req->path.c_str();
  web::post([p] { raw(p, 0); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: view 'p' into the request context captured by value escapes into a task started by '::web::post'; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(p)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is handed over here
}

void fieldDataAsArgument(const web::Request& req) {
  std::thread(raw, req.body.data(), req.body.size()).detach();
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: view into the request context passed as an argument escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: pass an owning 'std::string' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:54: note: the thread is detached here
}

void explicitViewOfAFieldInCapture(const web::Request& req) {
  web::post([head = std::string_view(req.body).substr(0, 16)] { use(head); });
  // CHECK-FIXES: {{^}}  web::post([head = std::string(std::string_view(req.body).substr(0, 16))] { use(head); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:14: warning: view 'head' initialized from the request context in the capture escapes into a task started by '::web::post'; it points into the context's storage, which is reused or freed when the request ends: capture an owning 'std::string' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

void getterReturningAReference(const web::Request& req) {
  std::string_view resource = req.resource();
  web::post([&resource] { use(resource); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: view 'resource' into the request context captured by reference escapes into a task started by '::web::post'; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(resource)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is handed over here
}

void referenceToAFieldByReference(const web::Request& req) {
  const std::string& body = req.body;
  std::thread([&body] { use(body); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: reference 'body' into the request context captured by reference escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'body' by value (a copy) [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:39: note: the thread is detached here
}

void referenceFromAGetterByDefault(const web::Request& req) {
  const std::string& resource = req.resource();
  web::post([&] { use(resource); });
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: reference 'resource' into the request context captured by reference escapes into a task started by '::web::post'; it points into the context's storage, which is reused or freed when the request ends: capture 'resource' by value (a copy) [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is handed over here
}

// ===== Not flagged ============================================================

// Owning copies of the fields.
void fieldCopied(const web::Request& req) {
  std::string body = req.body;
  std::thread([body] { use(body); }).detach();
  web::post([path = req.path] { use(path); });
}

// A getter that returns by value: the view would be of a temporary, not of the context.
void getterByValue(const web::Request& req) {
  std::string id = req.header("X-Id");
  std::string_view v = id;
  std::thread t([v] { use(v); });
  t.join();
}

// Through a handle: the job holds a copy of the handle, which owns the string.
void throughAHandle(web::Handle req) {
  std::string_view body = req->body;
  web::post([req, body] { use(body); });
}

// A reference to a field captured by value: the lambda holds a copy of the string.
void referenceCapturedByValue(const web::Request& req) {
  const std::string& body = req.body;
  std::thread([body] { use(body); }).detach();
}

// A reference to a string that is no part of the context.
void referenceToSomethingElse(const web::Request& req) {
  static const std::string banner = "hello";
  const std::string& b = req.body.empty() ? banner : banner;
  std::thread([&b] { use(b); }).detach();
}

// A view of a field used before the handler returns.
void usedInPlace(const web::Request& req) {
  std::string_view body = req.body;
  use(body.substr(0, 8));
}
