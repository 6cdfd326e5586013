// RUN: racelab-context-view-escape --config="{CheckOptions: [{key: ContextTypes, value: '::web::Request;::web::Handle'}, {key: SpawnFunctions, value: '::web::post'}, {key: Frameworks, value: 'ngrest'}]}" -- -std=c++17
// Views whose storage the request owns though no context object is named where they are made:
// reached through a handle (RESTinio's `req->header().path()` on a std::shared_ptr, a class
// with operator->), which keeps the request only in work that copies the handle too, and views
// of the arguments a profile makes request-scoped by position (ngrest's operations).
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace web {
struct Header {
  std::string_view path() const;
  std::string field(const std::string& name) const;
};
struct Request {
  const Header& header() const;
  const std::string& body() const;
  std::map<std::string, std::string> params;
};
struct Handle {
  Request* operator->() const;
};
void post(std::function<void()> job); // runs job on a pool thread, later
} // namespace web

namespace ngrest {
class Service {
public:
  virtual ~Service() {}
};
template <typename R> class Callback {
public:
  virtual ~Callback() {}
  virtual void success(R result) = 0;
};
} // namespace ngrest

void use(std::string_view);
void raw(const char*, std::size_t);
std::string lookup(std::string_view key);

// ===== Flagged ================================================================

void pathThroughSharedHandle(std::shared_ptr<web::Request> req) {
  std::string_view path = req->header().path();
  web::post([path] { use(path); });
  // CHECK-FIXES: {{^}}  web::post([path = std::string(path)] { use(path); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:14: warning: view 'path' into the request context through the handle 'req' captured by value escapes into a task started by '::web::post'; the request lives only as long as a copy of its handle, and the work holds none: capture 'std::string(path)', or a copy of 'req' with it [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

void cStringThroughSharedHandle(const std::shared_ptr<web::Request>& req) {
  const char* p = req->body().c_str();
  std::thread([p] { raw(p, 0); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: view 'p' into the request context through the handle 'req' captured by value escapes into a detached std::thread; the request lives only as long as a copy of its handle, and the work holds none: capture 'std::string(p)', or a copy of 'req' with it [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:35: note: the thread is detached here
}

void throughALocalReference(std::shared_ptr<web::Request> req) {
  const web::Header& h = req->header();
  std::string_view path = h.path().substr(1);
  web::post([=] { use(path); });
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: view 'path' into the request context through the handle 'req' captured by value escapes into a task started by '::web::post'; the request lives only as long as a copy of its handle, and the work holds none: capture 'std::string(path)', or a copy of 'req' with it [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is handed over here
}

void throughAnArrowClass(web::Handle req) {
  std::string_view body = req->body();
  web::post([&req, body] { use(body); });
  // CHECK-FIXES: {{^}}  web::post([&req, body = std::string(body)] { use(body); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:20: warning: view 'body' into the request context through the handle 'req' captured by value escapes into a task started by '::web::post'; the request lives only as long as a copy of its handle, and the work holds none: capture 'std::string(body)', or a copy of 'req' with it [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

void referenceThroughAHandle(std::shared_ptr<web::Request> req) {
  const std::string& body = req->body();
  web::post([&body] { use(body); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: reference 'body' into the request context through the handle 'req' captured by reference escapes into a task started by '::web::post'; the request lives only as long as a copy of its handle, and the work holds none: capture 'body' by value (a copy), or a copy of 'req' with it [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is handed over here
}

// Deeper than a field or a getter: an element of a map the context owns.
void elementOfAContextMap(const web::Request& req) {
  std::string_view id = req.params.at("id");
  std::thread([id] { use(id); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([id = std::string(id)] { use(id); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: view 'id' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(id)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:34: note: the thread is detached here
  const std::string& name = req.params.at("name");
  std::thread([&name] { use(name); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: reference 'name' into the request context captured by reference escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'name' by value (a copy) [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:39: note: the thread is detached here
}

// Iterators into a map the request owns: no rewrite keeps them valid, so no fix-it.
void iteratorsIntoTheRequest(const web::Request& req, std::shared_ptr<web::Request> handle) {
  auto ids = req.params.equal_range("id");
  std::thread([ids] { use(ids.first->second); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: iterator 'ids' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: copy the elements the work needs into an owning container first [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:50: note: the thread is detached here
  auto it = handle->params.find("name");
  web::post([it] { use(it->second); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: iterator 'it' into the request context through the handle 'handle' captured by value escapes into a task started by '::web::post'; the request lives only as long as a copy of its handle, and the work holds none: copy the elements the work needs into an owning container first, or capture a copy of 'handle' with it [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is handed over here
}

class Names : public ngrest::Service {
public:
  // The callback's completion keeps the request's pool, not the wrapper's stack with `key`.
  void resolve(const std::string& key, ngrest::Callback<const std::string&>& callback) {
    std::string_view k = key;
    std::thread([&callback, k] { callback.success(lookup(k)); }).detach();
    // CHECK-FIXES: {{^}}    std::thread([&callback, k = std::string(k)] { callback.success(lookup(k)); }).detach();{{$}}
    // CHECK-NOTES: :[[@LINE-2]]:29: warning: view 'k' of the argument 'key' of '::Names::resolve' captured by value escapes into a detached std::thread; the framework owns it only until 'resolve' returns (a class derived from '::ngrest::Service'): capture 'std::string(k)' instead [racelab-context-view-escape]
    // CHECK-NOTES: :[[@LINE-3]]:66: note: the thread is detached here
  }

  void prefix(const std::string* key, ngrest::Callback<const std::string&>& callback) {
    const char* p = key->c_str();
    std::thread([&callback, p] { callback.success(lookup(p)); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:29: warning: view 'p' of the argument 'key' of '::Names::prefix' captured by value escapes into a detached std::thread; the framework owns it only until 'prefix' returns (a class derived from '::ngrest::Service'): capture 'std::string(p)' instead [racelab-context-view-escape]
    // CHECK-NOTES: :[[@LINE-2]]:66: note: the thread is detached here
  }

  // ===== Not flagged (operations) ===============================================

  void copied(const std::string& key, ngrest::Callback<const std::string&>& callback) {
    std::string k = key;
    std::thread([&callback, k] { callback.success(lookup(k)); }).detach();
  }

  void byValueParameter(std::string key, ngrest::Callback<const std::string&>& callback) {
    std::string_view k = key; // the method's own copy: a plain dangling local, not the request's
    std::thread t([&callback, k] { callback.success(lookup(k)); });
    t.join();
  }

  void joined(const std::string& key, ngrest::Callback<const std::string&>& callback) {
    std::string_view k = key;
    std::thread t([&callback, k] { callback.success(lookup(k)); });
    t.join();
  }
};

// ===== Not flagged ============================================================

void withACopyOfTheHandle(std::shared_ptr<web::Request> req) {
  std::string_view path = req->header().path();
  web::post([req, path] { use(path); });
}

void withAnInitCaptureOfTheHandle(std::shared_ptr<web::Request> req) {
  std::string_view path = req->header().path();
  web::post([keep = req, path] { use(path); });
}

void withTheHandleByDefault(std::shared_ptr<web::Request> req) {
  std::string_view path = req->header().path();
  web::post([=] { use(path); (void)req; });
}

void referenceWithACopyOfTheHandle(std::shared_ptr<web::Request> req) {
  const std::string& body = req->body();
  web::post([req, &body] { use(body); });
}

// A response callback the handler got beside the handle may own the request (drogon's does).
void withACopyOfTheCallback(std::shared_ptr<web::Request> req,
                            std::function<void(std::string)>&& callback) {
  std::string_view path = req->header().path();
  web::post([path, callback = std::move(callback)] { callback(std::string(path)); });
}

void iteratorWithACopyOfTheHandle(std::shared_ptr<web::Request> req) {
  auto it = req->params.find("name");
  web::post([req, it] { use(it->second); });
}

// Iterators into the work's own copy, or into a container no context owns.
void iteratorsIntoCopies(const web::Request& req, const std::map<int, int>& other) {
  auto params = req.params;
  std::thread([params] {
    auto it = params.find("id");
    use(it->second);
  }).detach();
  auto r = other.equal_range(1);
  std::thread([r] { (void)r; }).detach();
}

void elementCopied(const web::Request& req) {
  std::string id = req.params.at("id");
  std::thread([id] { use(id); }).detach();
}

void withAnArrowHandleCopied(web::Handle req) {
  std::string_view body = req->body();
  web::post([req, body] { use(body); });
}

void copiedToAString(std::shared_ptr<web::Request> req) {
  std::string path{req->header().path()};
  web::post([path] { use(path); });
  web::post([body = std::string(req->body())] { use(body); });
}

// An accessor returning by value: the view is of a temporary, not of the request.
void accessorByValue(std::shared_ptr<web::Request> req) {
  std::string field = req->header().field("X-Id");
  std::string_view v = field;
  std::thread t([v] { use(v); });
  t.join();
}

// A reference parameter of a plain function: no profile makes it request-scoped.
void plainFunction(const std::string& key) {
  std::string_view k = key;
  std::thread([k] { use(k); }).detach();
}
