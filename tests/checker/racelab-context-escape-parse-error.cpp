// RUN: racelab-context-escape --expect-clang-tidy-error --no-fix -- -std=c++20
// A file that does not parse gets clang's errors, and the check does not crash on what it can
// still see.
#include "minigin.h"
#include <thread>

using minigin::Context;

void broken(Context& c) {
  std::thread([&c] { (void)c.path(); }).detach()
  int x = ;
}

void alsoBroken(Context& c) {
  std::thread t([&c] { c.undeclared_method(); });
  t.detach();
}

// CHECK-NOTES: :10:17: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
// CHECK-NOTES: :10:41: note: the thread is detached here
// CHECK-NOTES: :10:49: error: expected ';' after expression [clang-diagnostic-error]
// CHECK-NOTES: :11:11: error: expected expression [clang-diagnostic-error]
// CHECK-NOTES: :15:19: warning: original context 'c' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture 'c.copy()' instead [racelab-context-escape]
// CHECK-NOTES: :16:5: note: the thread is detached here
// CHECK-NOTES: :15:26: error: no member named 'undeclared_method' in 'minigin::Context' [clang-diagnostic-error]
