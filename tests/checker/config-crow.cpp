// RUN: racelab-context-escape,racelab-context-view-escape --config-file=%S/../../docs/checks/configs/crow.clang-tidy -- -std=c++20
// docs/checks/configs/crow.clang-tidy on Crow's idiom (Crow's types are mocked here).
#include <string>
#include <thread>

namespace crow {
class query_string {
public:
  char* get(const std::string& name) const;
};
struct request {
  std::string url;
  std::string body;
  query_string url_params;
};
struct response {
  void write(const std::string& body);
  void end();
};
} // namespace crow

void audit(const std::string&);
void audit_raw(const char*);

void handler(const crow::request& req, crow::response& res) {
  std::thread([&req] { audit(req.url); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'req' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture a copy of 'req' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:43: note: the thread is detached here
  std::thread([&res] { res.end(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'res' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture a copy of 'res' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:38: note: the thread is detached here
  const char* uid = req.url_params.get("uid");
  std::thread([uid] { audit_raw(uid); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: view 'uid' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(uid)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:42: note: the thread is detached here
  // Fine: a copy of the request, and an owning string.
  std::thread([req] { audit(req.body); }).detach();
  std::string owned = req.url_params.get("uid");
  std::thread([owned] { audit(owned); }).detach();
}
