// ngrest services shaped like the applications on GitHub that use ngrest: an async operation
// whose argument is viewed rather than copied into the worker. The argument lives on the
// generated wrapper's stack, so a view of it dangles as a reference to it does.
#include <ngrest/common/Callback.h>
#include <ngrest/common/Service.h>

#include <string>
#include <string_view>
#include <thread>

std::string lookup_name(std::string_view key);

// *location: /names
class Names : public ngrest::Service {
public:
  // case: ngrest_argument_view_in_thread (bug): the argument viewed through a string_view captured by the worker thread that completes the callback; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
  void resolve(const std::string& key, ngrest::Callback<const std::string&>& callback) {
    std::string_view k = key;
    std::thread([&callback, k] { callback.success(lookup_name(k)); }).detach(); // BUG: racelab-context-view-escape
  }

  // case: ngrest_argument_copied_in_thread (ok): the argument copied into the worker, the callback completed last; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
  void resolveCopy(const std::string& key, ngrest::Callback<const std::string&>& callback) {
    std::thread([&callback, key = std::string(key)] { callback.success(lookup_name(key)); }).detach();
  }
};
