// The reader of ThreadSanitizer and Go race detector logs behind `racelab explain`
// (racelab::parse_tsan_log): each input is a log as a user would paste it. The seeds are real
// reports of clang's, GCC's and Go's runtimes, cut, prefixed by ctest and with CRLF line ends.
//
// Checked beyond the sanitizers: every access of a report points at one of that report's own
// sections, every report keeps its lines, and every frame can be printed.
#include "tsan_report.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "tsan_report fuzzer: %s\n", what);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const racelab::Log log =
      racelab::parse_tsan_log(std::string_view(reinterpret_cast<const char*>(data), size));
  if (log.reported_count < -1)
    fail("a negative count of reported warnings");
  for (const racelab::Report& r : log.reports) {
    if (r.lines.empty())
      fail("a report without lines");
    for (const racelab::Access& a : r.accesses()) {
      if (!a.section || a.section < r.sections.data() ||
          a.section >= r.sections.data() + r.sections.size())
        fail("an access that does not point at its report's sections");
    }
    for (const racelab::Section& s : r.sections)
      for (const racelab::Frame& f : s.stack)
        racelab::where(f);
    r.sections_starting("Thread T");
  }
  return 0;
}
