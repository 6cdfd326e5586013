// RUN: racelab-context-escape -- -std=c++20 
#include "minigin.h"

#include <algorithm>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using minigin::Context;
void use(std::string_view);
void consume(std::string);

// ===== Lambda captures ======================================================

void explicitReference(Context& c) {
  std::thread([&c] { use(c.query("uid")); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([c = c.copy()] { use(c.query("uid")); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:46: note: the thread is detached here
}

void defaultReference(Context& c) {
  std::thread t([&] { use(c.query("uid")); });
  // CHECK-FIXES: {{^}}  std::thread t([c = c.copy()] { use(c.query("uid")); });{{$}}
  t.detach();
  // CHECK-NOTES: :[[@LINE-3]]:27: warning: original context 'c' captured by reference (by the '[&]' default) escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void defaultReferenceWithOthers(Context& c) {
  int n = 0;
  std::thread t([&] { use(c.path()); ++n; });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:27: warning: original context 'c' captured by reference (by the '[&]' default) escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void pointerByValue(Context* p) {
  std::thread t([p] { use(p->query("uid")); });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:18: warning: original context pointer 'p' captured by value escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'p->copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void pointerByDefaultCopy(Context& c) {
  Context* p = &c;
  std::thread t([=] { use(p->path()); });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:27: warning: original context pointer 'p' captured by value escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'p->copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void pointerInitCapture(Context& c) {
  std::thread t([p = &c] { use(p->path()); });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:18: warning: original context pointer 'p' captured by value escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'p->copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void pointerCapturedByReference(Context* p) {
  std::thread t([&p] { use(p->path()); });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:19: warning: original context pointer 'p' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'p->copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void referenceAlias(Context& c) {
  auto& r = c;
  std::thread([&r] { use(r.path()); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([r = r.copy()] { use(r.path()); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: original context 'r' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'r.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:40: note: the thread is detached here
}

void referenceInitCapture(Context& c) {
  std::thread([&r = c] { use(r.path()); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'r' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'r.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:44: note: the thread is detached here
}

void nestedLambda(Context& c) {
  std::thread([&] {
    auto inner = [&] { use(c.path()); };
    inner();
  }).detach();
  // CHECK-NOTES: :[[@LINE-3]]:28: warning: original context 'c' captured by reference (by the '[&]' default) escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:6: note: the thread is detached here
}

void writesThroughTheContext(Context& c) {
  // No fix-it: string() is not part of the copy's API.
  std::thread([&c] { c.string(200, "late"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:48: note: the thread is detached here
}

struct Worker {
  Context& ctx;
  void start() {
    std::thread([this] { use(ctx.path()); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: original context member 'ctx' captured through 'this' escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'ctx.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:46: note: the thread is detached here
  }
  void unrelated() {
    // 'this' is captured, but no member refers to a context: not flagged.
    std::thread([this] { consume(name); }).detach();
  }
  std::string name;
};

// ===== Callables stored first =================================================

void storedLambda(Context& c) {
  auto job = [&c] { use(c.body()); };
  // CHECK-FIXES: {{^}}  auto job = [c = c.copy()] { use(c.body()); };{{$}}
  std::thread t(job);
  t.detach();
  // CHECK-NOTES: :[[@LINE-4]]:16: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

void storedStdFunction(Context& c) {
  std::function<void()> job = [&c] { use(c.body()); };
  // CHECK-FIXES: {{^}}  std::function<void()> job = [c = c.copy()] { use(c.body()); };{{$}}
  std::thread t(std::move(job));
  t.detach();
  // CHECK-NOTES: :[[@LINE-4]]:33: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

// ===== Arguments that are not lambdas ========================================

void byStdRef(Context& c) {
  std::thread([](Context& r) { use(r.path()); }, std::ref(c)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: original context 'c' passed by std::ref escapes into a detached std::thread; the context is reset or destroyed when the request ends: pass 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:63: note: the thread is detached here
}

void byAddress(Context& c) {
  std::thread([](Context* p) { use(p->path()); }, &c).detach();
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: original context 'c' passed by address escapes into a detached std::thread; the context is reset or destroyed when the request ends: pass 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:55: note: the thread is detached here
}

void byPointer(Context* p) {
  std::thread([](Context* q) { use(q->path()); }, p).detach();
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: original context pointer 'p' passed as an argument escapes into a detached std::thread; the context is reset or destroyed when the request ends: pass 'p->copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:54: note: the thread is detached here
}

struct Handler {
  void run(Context* c);
};

void memberFunctionEntry(Handler& h, Context& c) {
  std::thread(&Handler::run, &h, &c).detach();
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: original context 'c' passed by address escapes into a detached std::thread; the context is reset or destroyed when the request ends: pass 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:38: note: the thread is detached here
}

void* routine(void* arg);

void pthreadNotJoined(Context& c) {
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &c);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-2]]:42: warning: original context 'c' passed by address escapes into a detached pthread; the context is reset or destroyed when the request ends: pass 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the thread is detached here
}

// ===== How the thread escapes ===============================================

struct Service {
  std::thread worker;
  std::vector<std::thread> pool;
  std::future<void> pending;
  void store(Context& c) {
    worker = std::thread([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}    worker = std::thread([c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:28: warning: original context 'c' captured by reference escapes into a std::thread stored in member 'worker'; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: it is stored here
  }
  void storeInContainer(Context& c) {
    pool.emplace_back([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}    pool.emplace_back([c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:25: warning: original context 'c' captured by reference escapes into a std::thread stored in member 'pool'; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:10: note: the thread is stored here
  }
  void storeFuture(Context& c) {
    pending = std::async(std::launch::async, [&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}    pending = std::async(std::launch::async, [c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:48: warning: original context 'c' captured by reference escapes into a std::async whose future is stored in member 'pending'; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: it is stored here
  }
};

std::thread returned(Context& c) {
  std::thread t([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  std::thread t([c = c.copy()] { use(c.path()); });{{$}}
  return t;
  // CHECK-NOTES: :[[@LINE-3]]:19: warning: original context 'c' captured by reference escapes into a returned std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: it is returned here
}

std::thread movedOut(Context& c) {
  std::thread t([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  std::thread t([c = c.copy()] { use(c.path()); });{{$}}
  return std::move(t);
  // CHECK-NOTES: :[[@LINE-3]]:19: warning: original context 'c' captured by reference escapes into a std::thread that is moved away; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: the thread is moved here
}

void neverJoined(Context& c) {
  std::thread t([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  std::thread t([c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:19: warning: original context 'c' captured by reference escapes into a std::thread that is never joined; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread is never joined in this function
}

std::thread global_worker;

void storedInGlobal(Context& c) {
  global_worker = std::thread([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  global_worker = std::thread([c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:33: warning: original context 'c' captured by reference escapes into a std::thread stored in 'global_worker', which outlives the function; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:17: note: it is stored here
}

void futureNotWaited(Context& c) {
  auto f = std::async(std::launch::async, [&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  auto f = std::async(std::launch::async, [c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:45: warning: original context 'c' captured by reference escapes into a std::async whose future is not waited on; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: the future is not waited on (get() or wait()) in this function
}

void detachedElement(Context& c) {
  std::vector<std::thread> pool;
  pool.emplace_back([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  pool.emplace_back([c = c.copy()] { use(c.path()); });{{$}}
  for (auto& t : pool)
    t.detach();
  // CHECK-NOTES: :[[@LINE-4]]:23: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: the thread is detached here
}

void jthreadDetached(Context& c) {
  std::jthread t([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  std::jthread t([c = c.copy()] { use(c.path()); });{{$}}
  t.detach();
  // CHECK-NOTES: :[[@LINE-3]]:20: warning: original context 'c' captured by reference escapes into a detached std::jthread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is detached here
}

// A std::thread discarded through a cast to void is destroyed unjoined, as without the cast.
void threadDiscardedThroughVoid(Context& c) {
  (void)std::thread([&c] { use(c.path()); });
  // CHECK-FIXES: {{^}}  (void)std::thread([c = c.copy()] { use(c.path()); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:23: warning: original context 'c' captured by reference escapes into a std::thread that is never joined; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-3]]:9: note: the thread object is destroyed at the end of this statement without a join
}

// ===== Threads that end before the function returns: not flagged ==============

void joined(Context& c) {
  std::thread t([&c] { use(c.path()); });
  t.join();
}

void joinedTemporary(Context& c) {
  std::thread([&c] { use(c.path()); }).join();
}

void jthreadScoped(Context& c) {
  std::jthread t([&c] { use(c.path()); });
}

void jthreadTemporary(Context& c) {
  std::jthread([&c] { use(c.path()); });
}

void futureWaited(Context& c) {
  auto f = std::async(std::launch::async, [&c] { use(c.path()); });
  f.get();
}

void futureDiscarded(Context& c) {
  std::async(std::launch::async, [&c] { use(c.path()); });
}

// The spelling that silences C++20's [[nodiscard]] on std::async: the future is still a
// temporary whose destructor waits before the statement ends.
void futureDiscardedThroughVoid(Context& c) {
  (void)std::async(std::launch::async, [&c] { use(c.path()); });
  static_cast<void>(std::async(std::launch::async, [&c] { use(c.path()); }));
}

void joinedPool(Context& c) {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&c] { use(c.path()); });
  for (auto& t : pool)
    t.join();
}

void pthreadJoined(Context& c) {
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &c);
  pthread_join(tid, nullptr);
}

// ===== Never flagged ========================================================

void theCopy(Context& c) {
  std::thread([cp = c.copy()] { use(cp.query("uid")); }).detach();
}

void copyMovedIn(Context& c) {
  auto cp = c.copy();
  std::thread([cp = std::move(cp)] { use(cp.path()); }).detach();
}

void ownedValues(Context& c) {
  std::string uid(c.query("uid"));
  std::thread([uid] { consume(uid); }).detach();
}

void sameThread(Context& c) {
  [&c] { use(c.path()); }();
  std::vector<int> v{3, 1, 2};
  std::sort(v.begin(), v.end(), [&c](int a, int b) { return c.generation() ? a < b : b < a; });
  static std::once_flag once;
  std::call_once(once, [&c] { use(c.path()); });
  std::function<void()> later = [&c] { use(c.path()); };
  later();
}

void defaultThatNeverNamesTheContext(Context& c) {
  use(c.path());
  int n = 0;
  std::thread([&] { ++n; }).detach();
}

void threadWithoutContext() {
  std::thread([] { use("nothing"); }).detach();
}

// ===== Known false negatives ================================================

// The context hidden in a struct captured by reference is not followed.
struct Bundle {
  Context* ctx;
};
void hiddenInAStruct(Context& c) {
  Bundle b{&c};
  std::thread([&b] { use(b.ctx->path()); }).detach();
}

// std::bind is not looked through.
void throughBind(Context& c) {
  std::thread(std::bind([](Context& r) { use(r.path()); }, std::ref(c))).detach();
}
