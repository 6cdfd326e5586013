// RUN: racelab-context-escape -- -std=c++20 -isystem %S/Inputs/system
// Templates, macros, dependent types, default arguments, coroutines and system headers: no
// crash, no duplicate, nothing from system headers.
#include "minigin.h"
#include <vendor_async.h>

#include <coroutine>
#include <functional>
#include <thread>

using minigin::Context;
void use(std::string_view);

// ===== A template instantiated three times warns once, in its definition ==========

template <class T> void templated(Context& c, T extra) {
  std::thread([&c, extra] { use(c.path()); (void)extra; }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:60: note: the thread is detached here
}
void instantiate(Context& c) {
  templated(c, 1);
  templated(c, 2.0);
  templated(c, 'x');
}

// A generic lambda.
void genericLambda(Context& c) {
  std::thread([&c](auto n) { use(c.path()); (void)n; }, 1).detach();
  // CHECK-FIXES: {{^}}  std::thread([c = c.copy()](auto n) { use(c.path()); (void)n; }, 1).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:60: note: the thread is detached here
}

// The context's type is a template parameter: found through the instantiation with Context
// (never fixed: the same text also serves other instantiations).
template <class Ctx> void dependent(Ctx& c) {
  std::thread([&c] { use(c.path()); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:40: note: the thread is detached here
}
void instantiateDependent(Context& c) { dependent(c); }

// ===== Macros: reported at the capture, without a fix-it =======================

#define FIRE_AND_FORGET(fn) std::thread(fn).detach()
void throughMacro(Context& c) {
  FIRE_AND_FORGET([&c] { use(c.path()); });
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the thread is detached here
  // CHECK-NOTES: :[[@LINE-5]]:45: note: expanded from macro 'FIRE_AND_FORGET'
}

#define CAPTURE_CTX &c
void captureFromMacro(Context& c) {
  std::thread([CAPTURE_CTX] { use(c.path()); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-4]]:22: note: expanded from macro 'CAPTURE_CTX'
  // CHECK-NOTES: :[[@LINE-3]]:49: note: the thread is detached here
}

// ===== Lambdas in default arguments =============================================

void withDefault(std::function<void()> job = [] { std::thread([] {}).detach(); });
void callsDefault(Context& c) {
  use(c.path());
  withDefault();
}

// ===== Coroutines =================================================================

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task coroutineHandler(Context& c) {
  std::thread([&c] { use(c.path()); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([c = c.copy()] { use(c.path()); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:40: note: the thread is detached here
  co_return;
}

Task coroutineWithCopy(Context& c) {
  std::thread([cp = c.copy()] { use(cp.path()); }).detach();
  co_return;
}

// ===== The system header's own detached thread is not reported ====================

void callsVendor(Context& c) { vendor_fire_and_forget(c); }
