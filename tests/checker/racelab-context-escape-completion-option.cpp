// RUN: racelab-context-escape --config="{CheckOptions: [{key: ContextTypes, value: '::fw::Request'}, {key: SpawnFunctions, value: '::fw::Pool::submit'}, {key: CompletionTypes, value: '::fw::Responder=finish,fail;::fw::Malformed'}]}" -- -std=c++17
// CompletionTypes: the user's own completion contract. A framework that keeps the request alive
// until its responder is finished: work that ends by calling finish() or fail() on it may hold
// the request (and the responder) by reference; work that does not, or that still uses the
// request after completing, is flagged; so is a reference to the handler's own pointer variable.
// An entry without '=methods' contracts nothing.
#include <functional>
#include <string>

namespace fw {
class Request {
public:
  std::string path() const;
};
class Responder {
public:
  void finish(const std::string& body);
  void fail(int status);
};
class Pool {
public:
  void submit(std::function<void()> task);
};
} // namespace fw

std::string render(const std::string& path);
fw::Pool pool;

// ===== Flagged ================================================================

void noCompletion(fw::Request& req, fw::Responder& res) {
  pool.submit([&req, &res] { (void)res; render(req.path()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: original context 'req' captured by reference escapes into a task started by '::fw::Pool::submit'; the context is reset or destroyed when the request ends: capture a copy of 'req' instead [racelab-context-escape]
}

void usedAfterCompletion(fw::Request& req, fw::Responder& res) {
  pool.submit([&req, &res] {
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: original context 'req' captured by reference escapes into a task started by '::fw::Pool::submit'; the context is reset or destroyed when the request ends: capture a copy of 'req' instead [racelab-context-escape]
    res.finish("done");
    render(req.path());
  });
}

void pointerVariableByReference(fw::Request* req, fw::Responder& res) {
  pool.submit([&req, &res] { res.finish(render(req->path())); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: original context pointer 'req' captured by reference escapes into a task started by '::fw::Pool::submit'; the pointer variable itself is gone when the handler returns: capture the pointer 'req' by value: the work ends by completing the request, which keeps what it points to alive until then [racelab-context-escape]
}

// ===== Not flagged ============================================================

void finished(fw::Request& req, fw::Responder& res) {
  pool.submit([&req, &res] { res.finish(render(req.path())); });
}

void failed(fw::Request& req, fw::Responder& res) {
  pool.submit([&req, &res] {
    if (req.path().empty()) {
      res.finish("empty");
      return;
    }
    res.fail(404);
  });
}

void pointerByValue(fw::Request* req, fw::Responder* res) {
  pool.submit([req, res] { res->finish(render(req->path())); });
}
