// `racelab doctor`: is this machine ready for the tour? One line per thing it looked at.
#pragma once

#include "paths.h"

#include <string>
#include <vector>

namespace racelab {

struct DoctorItem {
  std::string status; ///< "ok"; "note": worth knowing, the tour works; "problem": it does not
  std::string what;   ///< "clang-tidy-15", "plugin for LLVM 15", "ThreadSanitizer"
  std::string found;  ///< what it found
  std::string fix;    ///< for a note or a problem: what to do
};

/// Looks at the clang-tidy programs, the plugins, the ThreadSanitizer runtime, the kernel's ASLR
/// settings, the samples and the docs.
std::vector<DoctorItem> examine_machine(const Paths& paths);

/// The 09:00 check of `racelab doctor --workshop`: the compiler, a racy probe built and run under
/// ThreadSanitizer (it must report), the kernel's ASLR settings, the plugin loaded by clang-tidy,
/// the samples and the workshop's exercises built.
std::vector<DoctorItem> examine_workshop(const Paths& paths);

/// "ok       what: found", with "; fix: ..." for the others.
std::string format_doctor(const std::vector<DoctorItem>& items);

} // namespace racelab
