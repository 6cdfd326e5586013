// A vendor header included as a system header: whatever it does is not ours to report.
#pragma once
#include "minigin.h"
#include <thread>
inline void vendor_fire_and_forget(minigin::Context& c) {
  std::thread([&c] { (void)c.path(); }).detach();
}
