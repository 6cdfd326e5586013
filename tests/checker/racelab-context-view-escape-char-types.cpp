// RUN: racelab-context-view-escape --config="{CheckOptions: [{key: ContextTypes, value: '::app::Request'}, {key: SpawnFunctions, value: '::app::spawn'}]}" -- -std=c++20
// Views of other character types: the cure and the fix-it name the owning string of the view's
// own character type (std::string(v) would not compile for them). The options are set once,
// without a check prefix: every racelab check reads them (local-or-global).
#include <string>
#include <string_view>
#include <thread>

namespace app {
class Request {
public:
  std::string_view name() const;
  std::u8string_view name8() const;
  std::u16string_view name16() const;
  std::u32string_view name32() const;
  std::wstring_view wname() const;
};
template <class F> void spawn(F&& f) { f(); }
} // namespace app

void use(std::string_view);
void use8(std::u8string_view);
void use16(std::u16string_view);
void use32(std::u32string_view);
void usew(std::wstring_view);

void charView(app::Request& r) {
  auto n = r.name();
  app::spawn([n] { use(n); });
  // CHECK-FIXES: {{^}}  app::spawn([n = std::string(n)] { use(n); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: view 'n' into the request context captured by value escapes into a task started by '::app::spawn'; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(n)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

void u8View(app::Request& r) {
  auto n = r.name8();
  std::thread([n] { use8(n); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([n = std::u8string(n)] { use8(n); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: view 'n' into the request context captured by value escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::u8string(n)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:33: note: the thread is detached here
}

void u16View(app::Request& r) {
  auto n = r.name16();
  app::spawn([n] { use16(n); });
  // CHECK-FIXES: {{^}}  app::spawn([n = std::u16string(n)] { use16(n); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: view 'n' into the request context captured by value escapes into a task started by '::app::spawn'; it points into the context's storage, which is reused or freed when the request ends: capture 'std::u16string(n)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

void u32InitCapture(app::Request& r) {
  std::thread([n = r.name32()] { use32(n); }).detach();
  // CHECK-FIXES: {{^}}  std::thread([n = std::u32string(r.name32())] { use32(n); }).detach();{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: view 'n' initialized from the request context in the capture escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture an owning 'std::u32string' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:47: note: the thread is detached here
}

void wideViewByReference(app::Request& r) {
  auto n = r.wname();
  std::thread([&n] { usew(n); }).detach();
  // No fix-it by reference: the cure changes what the thread sees of later writes.
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: view 'n' into the request context captured by reference escapes into a detached std::thread; it points into the context's storage, which is reused or freed when the request ends: capture 'std::wstring(n)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:34: note: the thread is detached here
}

void ownedCopiesAreFine(app::Request& r) {
  std::thread([n = std::u8string(r.name8())] { use8(n); }).detach();
  std::thread([n = std::wstring(r.wname())] { usew(n); }).detach();
}
