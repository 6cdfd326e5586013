// A distinct problem as a timeline (explain --html): one lane per thread or goroutine, the points
// where threads were created, the problem's events at their user frames, and the edges between
// them (the happens-before edge a race lacks, the waits of a lock-order cycle).
#pragma once

#include "explain.h"

#include <functional>
#include <string>
#include <vector>

namespace racelab {

struct TimelineEvent {
  enum class Kind { Created, Access, Free, Lock, Stack, Leak };
  Kind kind = Kind::Stack;
  int lane = 0;
  int spawned_by = -1; ///< Created: the creating thread's lane, -1 when the report names none
  std::string label;   ///< "write of 4 bytes", "acquires M1 while holding M0", "created"
  std::string held;    ///< the mutexes held at an access ("M0 (write)"), "" for none
  bool write = false;  ///< Access/Free: a write
  bool atomic = false; ///< Access: an atomic one
  const Frame* frame = nullptr; ///< the user frame; nullptr when the stack has none
  std::string title;            ///< the report's section title, for the mark's tooltip
};

struct TimelineEdge {
  int from = 0, to = 0; ///< event indices
  std::string label;    ///< "no happens-before", "waits for M0"
};

struct Timeline {
  std::vector<std::string> lanes;    ///< "main thread", "T1", "goroutine 8"
  std::vector<TimelineEvent> events; ///< in the order they happened, left to right
  std::vector<TimelineEdge> edges;   ///< drawn dashed and red: what orders nothing
  std::string caption;               ///< the lock order cycle, "" when none
};

/// The timeline of `p` (its first report): threads from the accesses, mutex sections and thread
/// creations; accesses oldest first.
Timeline build_timeline(const Problem& p, const std::string& prefer_dir);

/// The timeline as an inline <svg> with <title> and <desc>; `source_line(frame)` gives the
/// frame's line of source ("" when the file is not found). Every string is escaped.
std::string timeline_svg(const Timeline& t, const std::string& id,
                         const std::function<std::string(const Frame&)>& source_line);

} // namespace racelab
