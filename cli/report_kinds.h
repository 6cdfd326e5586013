// The kinds of report racelab explain knows (ThreadSanitizer's and Go's), with what each means
// and what usually cures it.
#pragma once

#include <map>
#include <string>

namespace racelab {

struct KindText {
  const char* what;
  const char* cure;
};

/// By the kind's name as the runtime prints it: "data race", "heap-use-after-free", Go's
/// "concurrent map writes". Kinds not in it pass through verbatim.
extern const std::map<std::string, KindText> kReportKinds;

} // namespace racelab
