// Turning parsed ThreadSanitizer reports into explanations a person can act on: each distinct
// problem once, with a count, in text, JSON or an HTML timeline.
#pragma once

#include "messages.h"
#include "samples.h"
#include "tsan_report.h"

#include <functional>
#include <string>
#include <vector>

namespace racelab {

struct ExplainOptions {
  /// The lesson, when the report comes from one of the course's samples: its words replace the
  /// generic "what happened" and "cure", and its page is linked.
  const Lesson* lesson = nullptr;
  /// Prefer frames whose path contains this ("samples/03-context-in-detached-thread/").
  std::string prefer_dir;
  /// Maps a path from the report to a readable file, or "" (then no excerpt is shown).
  std::function<std::string(const std::string&)> resolve_source;
  /// Print every frame of every stack under the explanation.
  bool full_stacks = false;
};

/// Reports of the same kind whose problem sections (report.h) have the same user frames.
struct Problem {
  std::string kind;
  const Report* report = nullptr;       ///< the first report of the group
  std::vector<int> reports;             ///< 1-based numbers of the reports in the log
  std::vector<const Frame*> frames;     ///< the user frame of each problem section
  std::vector<const Section*> sections; ///< those sections, of `report`
};

std::vector<Problem> group_problems(const Log& log, const std::string& prefer_dir);

/// "6 reports, 1 distinct problem: racy.cpp:36 ↔ racy.cpp:40" (in `lang`; JSON keeps English).
std::string problems_summary(const Log& log, const std::vector<Problem>& problems,
                             Lang lang = Lang::en);

std::string explain(const Log& log, const ExplainOptions& options);

/// The same as JSON, for tools: {"reports", "problems": [...], "notes", "summary"}.
std::string explain_json(const Log& log, const ExplainOptions& options);

/// "race between racy.cpp:36 and racy.cpp:40" for the first data race of `log`, or "clean" (in
/// `lang`: the tour's table speaks the user's language, its JSON English).
std::string tsan_verdict(const Log& log, const std::string& prefer_dir, Lang lang = Lang::en);

} // namespace racelab
