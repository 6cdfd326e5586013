// Turning parsed ThreadSanitizer reports into explanations a person can act on.
#pragma once

#include "samples.h"
#include "tsan_report.h"

#include <functional>
#include <string>

namespace racelab {

struct ExplainOptions {
  /// The lesson, when the report comes from one of the course's samples: its words replace the
  /// generic "what happened" and "cure", and its page is linked.
  const Lesson* lesson = nullptr;
  /// Prefer frames whose path contains this ("samples/03-context-in-detached-thread/").
  std::string prefer_dir;
  /// Maps a path from the report to a readable file, or "" (then no excerpt is shown).
  std::function<std::string(const std::string&)> resolve_source;
};

std::string explain(const Log& log, const ExplainOptions& options);

/// "race between racy.cpp:36 and racy.cpp:40" for the first data race of `log`, or "clean".
std::string tsan_verdict(const Log& log, const std::string& prefer_dir);

} // namespace racelab
