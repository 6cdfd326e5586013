// RUN: racelab-context-escape --config="{CheckOptions: [{key: Frameworks, value: 'wfrest'}]}" -- -std=c++17
// A keeping spawn (the wfrest profile's RACELAB_KEEPING_SPAWN on HttpResp::Compute): the work
// runs on another thread, but as a go task of the handler's series, so the framework keeps the
// request and response alive until it has run. Pointers to them by value are fine; a reference
// to the handler's own parameter is not. wfrest's API is declared here, in its shape.
#include <functional>
#include <string>
#include <thread>

namespace wfrest {
class HttpReq {
public:
  const std::string& body() const;
};
class HttpResp {
public:
  HttpResp() = default;
  HttpResp(const HttpResp&) = delete; // as wfrest's: the server task owns it
  void String(const std::string& s);
  template <class FUNC> void Compute(int compute_queue_id, FUNC&& func) {
    (void)compute_queue_id;
    (void)func;
  }
};
} // namespace wfrest

std::string render(const std::string& in);

// ===== Flagged ================================================================

void byReference(const wfrest::HttpReq* req, wfrest::HttpResp* resp) {
  resp->Compute(1, [&resp, req] { resp->String(render(req->body())); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: original context pointer 'resp' captured by reference escapes into a task started by '::wfrest::HttpResp::Compute'; the pointer variable itself is gone when the handler returns: capture the pointer 'resp' by value: '::wfrest::HttpResp::Compute' keeps what it points to alive until the work has run [racelab-context-escape]
}

// A thread is no keeping spawn: nothing keeps the response alive for it.
void thread(wfrest::HttpResp* resp) {
  std::thread([resp] { resp->String("late"); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: original context pointer 'resp' captured by value escapes into a detached std::thread; the context is reset or destroyed when the request ends: copy the values the thread needs into owning objects first [racelab-context-escape]
}

// ===== Not flagged ============================================================

void byValue(const wfrest::HttpReq* req, wfrest::HttpResp* resp) {
  resp->Compute(1, [req, resp] { resp->String(render(req->body())); });
}
