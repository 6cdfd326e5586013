// RUN: racelab-context-escape,racelab-context-view-escape --config-file=%S/../../docs/checks/configs/cpp-httplib.clang-tidy -- -std=c++20
// docs/checks/configs/cpp-httplib.clang-tidy on cpp-httplib's idiom (its types are mocked).
#include <functional>
#include <string>
#include <thread>

namespace httplib {
struct Request {
  std::string path;
  std::string body;
  std::string get_param_value(const std::string& key) const;
};
struct Response {
  void set_content(const std::string& s, const std::string& content_type);
};
class ThreadPool {
public:
  bool enqueue(std::function<void()> fn) { fn(); return true; }
};
} // namespace httplib

void audit(const std::string&);

void handler(httplib::ThreadPool& pool, const httplib::Request& req, httplib::Response& res) {
  pool.enqueue([&req] { audit(req.body); });
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: original context 'req' captured by reference escapes into a task started by '::httplib::ThreadPool::enqueue'; the context is reset or destroyed when the request ends: capture a copy of 'req' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: the task is handed over here
  std::thread t([&res] { res.set_content("late", "text/plain"); });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:19: warning: original context 'res' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture a copy of 'res' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
  // Fine: get_param_value returns an owning std::string.
  std::string uid = req.get_param_value("uid");
  pool.enqueue([uid] { audit(uid); });
}
