// RUN: racelab-context-escape,racelab-context-view-escape --config-file=%S/../../docs/checks/configs/drogon.clang-tidy -- -std=c++20
// docs/checks/configs/drogon.clang-tidy on Drogon's idiom (its types are mocked).
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace drogon {
class HttpRequest {
public:
  const std::string& getParameter(const std::string& key) const;
  const std::string& path() const;
};
using HttpRequestPtr = std::shared_ptr<HttpRequest>;
} // namespace drogon
namespace trantor {
class EventLoop {
public:
  void queueInLoop(std::function<void()> f) { f(); }
};
} // namespace trantor

void audit(const std::string&);

void handler(trantor::EventLoop& loop, const drogon::HttpRequestPtr& req) {
  loop.queueInLoop([&req] { audit(req->path()); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: original context 'req' captured by reference escapes into a task started by '::trantor::EventLoop::queueInLoop'; the context is reset or destroyed when the request ends: capture a copy of the std::shared_ptr 'req' instead: it keeps the request alive [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: the task is handed over here
  std::thread([&req] { audit(req->getParameter("uid")); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'req' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture a copy of the std::shared_ptr 'req' instead: it keeps the request alive [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:60: note: the thread is detached here
  // Fine: the shared_ptr captured by value keeps the request alive.
  loop.queueInLoop([req] { audit(req->path()); });
}
