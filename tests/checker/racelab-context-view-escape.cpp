// RUN: racelab-context-view-escape -- -std=c++20
#include "minigin.h"

#include <future>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using minigin::Context;
void use(std::string_view);
void consume(std::string);
void raw(const char*);

// ===== Views captured by value ================================================

void capturedView(Context& c) {
  auto uid = c.query("uid");
  std::thread([uid] { use(uid); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([uid = std::string(uid)] { use(uid); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: view 'uid' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(uid)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:36: note: the thread is detached here
}

void capturedByDefaultCopy(Context& c) {
  std::string_view uid = c.query("uid");
  std::thread t([=] { use(uid); });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:27: warning: view 'uid' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(uid)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void viewOfAView(Context& c) {
  std::string_view path = c.path();
  std::string_view first = path.substr(0, 4);
  std::thread([first] { use(first); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([first = std::string(first)] { use(first); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: view 'first' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(first)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:40: note: the thread is detached here
}

void rawPointer(Context& c) {
  const char* p = c.body().data();
  std::thread([p] { raw(p); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: view 'p' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(p)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:32: note: the thread is detached here
}

void viewByReference(Context& c) {
  auto uid = c.query("uid");
  std::thread([&uid] { use(uid); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: view 'uid' into the request context captured by reference escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(uid)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:37: note: the thread is detached here
}

// ===== Init-captures straight from the context =================================

void initCapture(Context& c) {
  std::thread([uid = c.query("uid")] { use(uid); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([uid = std::string(c.query("uid"))] { use(uid); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: view 'uid' initialized from the request context in the capture escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture an owning 'std::string' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:53: note: the thread is detached here
}

// ===== Views passed as arguments =============================================

void viewArgument(Context& c) {
  std::thread([](std::string_view v) { use(v); }, c.query("uid")).detach();
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: view into the request context passed as an argument escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: pass an owning 'std::string' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:67: note: the thread is detached here
}

void viewVariableArgument(Context& c) {
  auto uid = c.query("uid");
  std::thread(use, uid).detach();
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: view 'uid' into the request context passed as an argument escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: pass an owning 'std::string' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:25: note: the thread is detached here
}

void viewInAsync(Context& c) {
  auto uid = c.param("id");
  auto f = std::async(std::launch::async, [uid] { use(uid); });
  // CHECK-FIXES: {{^}}  auto f = std::async(std::launch::async, [uid = std::string(uid)] { use(uid); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:44: warning: view 'uid' into the request context captured by value escapes into a std::async whose future is not waited on; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(uid)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: the future is not waited on (get() or wait()) in this function
}

// ===== Not flagged ==========================================================

void ownedCopy(Context& c) {
  std::string uid(c.query("uid"));
  std::thread([uid] { consume(uid); }).detach();
}

void ownedInitCapture(Context& c) {
  std::thread([uid = std::string(c.query("uid"))] { consume(uid); }).detach();
}

void viewTakenFromTheCopyInsideTheThread(Context& c) {
  std::thread([cp = c.copy()] {
    std::string_view uid = cp.query("uid");
    use(uid);
  }).detach();
}

void viewFromTheCopy(Context& c) {
  auto cp = c.copy();
  std::thread([cp = std::move(cp)] { use(cp.query("uid")); }).detach();
}

void joinedThread(Context& c) {
  auto uid = c.query("uid");
  std::thread t([uid] { use(uid); });
  t.join();
}

void viewsOfOtherThings() {
  std::string local = "x";
  std::string_view v = local;
  std::thread([v] { use(v); }).join();
  static const char* name = "static";
  std::thread([] { raw(name); }).detach();
}
