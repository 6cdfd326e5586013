// RUN: racelab-context-escape --config="{CheckOptions: [{key: racelab-context-escape.AllowScopedThreads, value: false}]}" -- -std=c++20
// With AllowScopedThreads=false every spawn that holds a context is flagged, joined or not.
#include "minigin.h"

#include <future>
#include <thread>

using minigin::Context;
void use(std::string_view);

void joined(Context& c) {
  std::thread t([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  std::thread t([c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:19: warning: original context 'c' captured by reference escapes into a std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  t.join();
}

void jthreadScoped(Context& c) {
  std::jthread t([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  std::jthread t([c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:20: warning: original context 'c' captured by reference escapes into a std::jthread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
}

void futureWaited(Context& c) {
  auto f = std::async(std::launch::async, [&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  auto f = std::async(std::launch::async, [c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:45: warning: original context 'c' captured by reference escapes into a std::async; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  f.get();
}

void stillDetached(Context& c) {
  std::thread([&c] { use(c.path()); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([c = c.copy()] { use(c.path()); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:40: note: the thread is detached here
}

void theCopyIsStillFine(Context& c) {
  std::thread t([cp = c.copy()] { use(cp.path()); });
  t.join();
}
