// RUN: racelab-context-escape,racelab-context-view-escape --config="{CheckOptions: [{key: Frameworks, value: 'uwebsockets'}]}" -- -std=c++20
// Event-loop frameworks (the uwebsockets profile's RACELAB_LOOP_CALLBACK and RACELAB_LOOP_BOUND):
// the request lives only while the route handler runs; the response lives until it ends, but
// only on its loop's thread. onData runs later on that loop; Loop::defer runs a callable back on
// it from any thread. (uWS's names; the classes are reduced to what the cases use.)
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace uWS {
struct Loop {
  static Loop* get();
  void defer(std::function<void()>&& cb); // thread safe: runs cb on this loop, later
};
class HttpRequest {
public:
  std::string_view getHeader(std::string_view name);
  std::string_view getUrl();

private:
  struct Header {
    std::string_view key, value;
  };
  Header headers[8]; // views into the receive buffer: a copy of the request copies only them
};
template <bool SSL> struct HttpResponse {
  void end(std::string_view data = {});
  bool write(std::string_view data);
  HttpResponse* onAborted(std::function<void()>&& handler);
  HttpResponse* onWritable(std::function<bool(unsigned long)>&& handler);
  void onData(std::function<void(std::string_view, bool)>&& handler);
};
} // namespace uWS

using Res = uWS::HttpResponse<false>;
std::string compute(std::string_view input);

// ===== Flagged ================================================================

// The request is gone when onData runs, although on the same thread.
void requestInOnData(Res* res, uWS::HttpRequest* req) {
  res->onAborted([] {});
  res->onData([res, req](std::string_view chunk, bool last) {
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: original context pointer 'req' captured by value escapes into a task started by '::uWS::HttpResponse::onData'; the context is reset or destroyed when the request ends: copy the values the thread needs into owning objects first (a copy of '*req' still points into the request's buffer) [racelab-context-escape]
    // CHECK-NOTES: :[[@LINE-2]]:8: note: the task is handed over here
    if (last)
      res->end(compute(std::string(req->getUrl()) + std::string(chunk)));
  });
}

// A view into the request, kept for onData.
void requestViewInOnData(Res* res, uWS::HttpRequest* req) {
  std::string_view type = req->getHeader("content-type");
  res->onAborted([] {});
  res->onData([res, type](std::string_view, bool last) {
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: view 'type' into the request context captured by value escapes into a task started by '::uWS::HttpResponse::onData'; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(type)' instead [racelab-context-view-escape]
    // CHECK-NOTES: :[[@LINE-2]]:8: note: the task is handed over here
    // CHECK-FIXES: {{^}}  res->onData([res, type = std::string(type)](std::string_view, bool last) {{{$}}
    if (last)
      res->end(type);
  });
}

// A reference to the handler's own pointer dangles, even on the response's loop.
void responsePointerByReference(Res* res, uWS::HttpRequest*) {
  res->onAborted([&res] { res = nullptr; });
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: original context pointer 'res' captured by reference escapes into a task started by '::uWS::HttpResponse::onAborted'; the context is reset or destroyed when the request ends: capture the pointer 'res' by value: it stays valid on its own loop until the response ends or is aborted [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: the task is handed over here
}

// The worker writes to the response itself before deferring the end.
void responseWrittenOffLoop(Res* res, uWS::HttpRequest*) {
  uWS::Loop* loop = uWS::Loop::get();
  std::thread([res, loop] {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: original context pointer 'res' captured by value escapes into a detached std::thread; the context is reset or destroyed when the request ends: use 'res' only inside work handed back to its loop through '::uWS::Loop::defer', while it has not ended or been aborted [racelab-context-escape]
    res->write("working");
    loop->defer([res] { res->end("done"); });
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: note: the thread is detached here
}

// Deferring back to the loop does not bring a request back: it died with the handler.
void requestDeferred(Res* res, uWS::HttpRequest* req) {
  uWS::Loop* loop = uWS::Loop::get();
  res->onAborted([] {});
  std::thread([req, loop] {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: original context pointer 'req' captured by value escapes into a detached std::thread; the context is reset or destroyed when the request ends: copy the values the thread needs into owning objects first (a copy of '*req' still points into the request's buffer) [racelab-context-escape]
    loop->defer([req] { compute(req->getUrl()); });
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: note: the thread is detached here
}

// ===== Not flagged ============================================================

// The response in its own loop's callbacks.
void responseInItsCallbacks(Res* res, uWS::HttpRequest* req) {
  std::string type(req->getHeader("content-type"));
  res->onAborted([res] { (void)res; });
  res->onWritable([res](unsigned long) { return res->write("more"); });
  res->onData([res, type, body = std::string()](std::string_view chunk, bool last) mutable {
    body.append(chunk);
    if (last)
      res->end(type + body);
  });
}

// The documented async pattern: the worker only computes; the response is ended back on its
// loop through Loop::defer, unless onAborted fired.
void deferredToItsLoop(Res* res, uWS::HttpRequest* req) {
  auto aborted = std::make_shared<bool>(false);
  res->onAborted([aborted] { *aborted = true; });
  uWS::Loop* loop = uWS::Loop::get();
  std::string query(req->getUrl());
  std::thread([res, loop, aborted, query] {
    std::string body = compute(query);
    loop->defer([res, aborted, body] {
      if (!*aborted)
        res->end(body);
    });
  }).detach();
}
