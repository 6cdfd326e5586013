// Parsing ThreadSanitizer's text reports (clang's and GCC's runtimes) into structured reports.
// Whatever is not understood is kept verbatim: nothing in the input is ever dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace racelab {

struct Frame {
  int index = 0;
  std::string function; ///< "<null>" when unknown
  std::string file;     ///< "" when unknown
  int line = 0;         ///< 0 when unknown
  int column = 0;       ///< 0 when unknown (GCC prints none)
  std::string module;   ///< "prog+0x1234"
};

/// A titled block of a report with its stack: an access, a location, a thread creation, a
/// mutex, ... e.g. "Write of size 4 at 0x7b04 by thread T2".
struct Section {
  std::string title; ///< the header line, trimmed, without the trailing ':'
  std::vector<Frame> stack;
  std::vector<std::string> lines; ///< the section's lines exactly as received
};

/// One memory access of a data race (parsed from its section title).
struct Access {
  bool previous = false;
  bool atomic = false;
  bool write = false;
  int size = 0;
  std::string thread; ///< "main thread", "thread T2"
  const Section* section = nullptr;
};

struct Report {
  std::string kind; ///< "data race", "thread leak", ... as TSan names it
  std::string pid;
  std::vector<Section> sections;
  std::string summary;              ///< the SUMMARY line, without "SUMMARY: ThreadSanitizer: "
  std::vector<std::string> lines;   ///< every line of the report, as received
  std::vector<std::string> foreign; ///< lines inside the report that are not TSan's (interleaved)
  bool truncated = false;           ///< ended before its SUMMARY line

  /// The accesses of a data race (or heap-use-after-free), in report order.
  std::vector<Access> accesses() const;
  /// Sections whose title starts with `prefix` ("Thread T", "Location is", "Mutex").
  std::vector<const Section*> sections_starting(std::string_view prefix) const;
};

struct Log {
  std::vector<Report> reports;
  /// Everything outside reports, in order (the program's own output).
  std::vector<std::string> other_lines;
  /// What the parser noticed: truncated reports, interleaved output.
  std::vector<std::string> notes;
  /// "ThreadSanitizer: reported N warnings", when present.
  int reported_count = -1;
};

Log parse_tsan_log(std::string_view text);

/// "racy.cpp:36" for a frame with a file, "function" otherwise.
std::string where(const Frame& f);

} // namespace racelab
