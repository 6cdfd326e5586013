// RUN: racelab-context-escape --config="{CheckOptions: [{key: Frameworks, value: 'ngrest'}]}" -- -std=c++17
// Request-scoped by position (RACELAB_REQUEST_PARAMETERS): the reference and pointer parameters
// of the member functions of a class derived from ngrest's Service, which ngrest's generated
// wrapper passes from its own stack. A completion (callback.success() as the work's last step)
// keeps the request's pool alive, not the wrapper's stack. ngrest's API is declared here, in its
// shape.
#include <functional>
#include <string>
#include <thread>

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
class Handler {
public:
  static void post(std::function<void()> task) { (void)task; }
};
} // namespace ngrest

std::string render(const std::string& id);
struct Query {
  std::string text;
};

class Reports : public ngrest::Service {
public:
  void later(const std::string& value, ngrest::Callback<const std::string&>& callback) {
    std::thread([&callback, &value] { callback.success(render(value)); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: argument 'value' of '::Reports::later', captured by reference escapes into a detached std::thread; the framework owns it only until 'later' returns (a class derived from '::ngrest::Service'): capture a copy ('value' by value) [racelab-context-escape]
  }
  void pointed(const Query* q) {
    std::thread([q] { render(q->text); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: argument 'q' of '::Reports::pointed', captured by value (a pointer) escapes into a detached std::thread; the framework owns it only until 'pointed' returns (a class derived from '::ngrest::Service'): capture a copy of what it points to [racelab-context-escape]
  }
  // Silent: the argument copied, the thread joined, the callback by reference with success()
  // last (ngrest's documented pattern), a static member.
  void copied(const std::string& value, ngrest::Callback<const std::string&>& callback) {
    std::thread([&callback, value] { callback.success(render(value)); }).detach();
  }
  int joined(const std::string& value) {
    int n = 0;
    std::thread t([&value, &n] { n = static_cast<int>(render(value).size()); });
    t.join();
    return n;
  }
  void posted(ngrest::Callback<const std::string&>& callback) {
    std::thread([&callback] {
      ngrest::Handler::post([&callback] { callback.success("done"); });
    }).detach();
  }
  static void helper(const std::string& value) {
    std::thread([&value] { render(value); }).detach();
  }
};

// Not a service: its parameters are its callers' business, not the framework's.
class Archive {
public:
  void save(const std::string& path) {
    std::thread([&path] { render(path); }).detach();
  }
};
