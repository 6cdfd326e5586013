// Parsing ThreadSanitizer's text reports (clang's and GCC's runtimes, and Go's race detector, which
// is the same runtime) into structured reports. Logs are read as users paste them: prefixed by
// ctest's "N: ", a test runner's indentation or a comment marker, with CRLF line ends, re-indented,
// with wrapped frame lines, interleaved with program output, cut off. Whatever is not understood is
// kept verbatim: nothing in the input is ever dropped.
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
  int column = 0;       ///< 0 when unknown (GCC and Go print none)
  std::string module;   ///< "prog+0x1234"; "" for Go frames
  bool go = false;      ///< a Go frame ("pkg.func()" and its "file.go:N +0x..")
};

/// A titled block of a report with its stack: an access, a location, a thread creation, a
/// mutex, ... e.g. "Write of size 4 at 0x7b04 by thread T2".
struct Section {
  std::string title; ///< the header line, trimmed, without the trailing ':'
  std::vector<Frame> stack;
  std::vector<std::string> lines; ///< the section's lines exactly as received (prefix removed)
};

/// One memory access of a data race (parsed from its section title).
struct Access {
  bool previous = false;
  bool atomic = false;
  bool write = false;
  int size = 0;       ///< 0 when the report gives none (Go, external races)
  std::string thread; ///< "main thread", "thread T2", "goroutine 7", "main goroutine"
  const Section* section = nullptr;
};

struct Report {
  std::string kind; ///< "data race", "thread leak", "concurrent map writes", ... as printed
  std::string pid;
  bool go = false; ///< from Go's race detector or Go's runtime (a fatal error)
  std::vector<Section> sections;
  std::string summary;              ///< the SUMMARY line, without "SUMMARY: ThreadSanitizer: "
  std::vector<std::string> lines;   ///< every line of the report, as received (prefix removed)
  std::vector<std::string> foreign; ///< lines inside the report that are not TSan's (interleaved)
  bool truncated = false;           ///< ended before its SUMMARY line (Go: its closing rule)

  /// The accesses of a data race (or heap-use-after-free, external race), in report order.
  std::vector<Access> accesses() const;
  /// Sections whose title starts with `prefix` ("Thread T", "Location is", "Mutex").
  std::vector<const Section*> sections_starting(std::string_view prefix) const;
  /// The sections that say where the problem is: the accesses of a race, else the titled stacks
  /// other than thread creations and memory locations (a leaked thread's creation when that is
  /// all there is).
  std::vector<const Section*> problem_sections() const;
};

struct Log {
  std::vector<Report> reports;
  /// Everything outside reports, in order (the program's own output).
  std::vector<std::string> other_lines;
  /// What the parser noticed: truncated reports, interleaved output, prefixes removed.
  std::vector<std::string> notes;
  /// "ThreadSanitizer: reported N warnings" (Go: "Found N data race(s)"), when present.
  int reported_count = -1;
};

Log parse_tsan_log(std::string_view text);

/// Where a frame comes from: the user's code (with a line, or without debug information), code
/// with no symbols at all, or the runtime, libc, the C++ library, Go's runtime and standard
/// library, a third-party Go package or the course's framework (minigin).
enum class FrameOrigin { User, UserNoLines, Unsymbolized, Library, System };
FrameOrigin frame_origin(const Frame& f);

/// The frame that tells where in the user's code a stack is: the first frame in `prefer_dir`,
/// else the first User frame, else the first without line information, unsymbolized, in a
/// library (gin, minigin) and finally the top frame. nullptr for an empty stack.
const Frame* user_frame(const std::vector<Frame>& stack, const std::string& prefer_dir = "");

/// "racy.cpp:36" for a frame with a file, "main (prog+0x1234)" without, "prog+0x1234" when
/// unsymbolized.
std::string where(const Frame& f);

/// How to get symbols for an unsymbolized frame, "" when it has them.
std::string symbol_hint(const Frame& f);

} // namespace racelab
