// The course's samples: what each program is expected to show (the directive comments of its
// source), and running it under ThreadSanitizer the way the test harness does
// (tests/samples/run_sample.py).
#pragma once

#include "paths.h"
#include "tsan_report.h"

#include <string>
#include <utility>
#include <vector>

namespace racelab {

/// A lesson's words in the user's language (lesson.json's object for it, such as "zh-CN", else its
/// English), and its English title for the machine formats.
struct Lesson {
  std::string title, what_happened, cure, page;
  std::string title_en;
};

struct SampleProgram {
  std::string variant; ///< "racy", "fixed", "fixed-mutex"
  std::string source;  ///< path of the .cpp
  std::string binary;  ///< the ThreadSanitizer build
  bool racy = false;
  bool tsan_reports = false;                     ///< a racy program whose race TSan can see
  std::vector<int> check_lines;                  ///< lines of its own source the report must name
  std::vector<std::pair<std::string, int>> lint; ///< (check, line) the linter must report
  std::vector<std::string> args;
  std::string tsan_options; ///< extra TSAN_OPTIONS of the sample
};

struct Sample {
  std::string number; ///< "03"
  std::string name;   ///< "03-context-in-detached-thread"
  std::string dir;
  Lesson lesson;
  std::vector<SampleProgram> programs; ///< racy first
};

std::vector<Sample> discover_samples(const Paths& paths);

/// The TSan options the harness pins (tests/samples/pinned_tsan_options.txt), plus the sample's.
std::string pinned_tsan_options(const SampleProgram& p);

struct TsanRun {
  int exit_code = -1;
  double seconds = 0;
  std::string output;
  Log log;
};
TsanRun run_under_tsan(const SampleProgram& p);

/// "racy.cpp:36" for the frame of an access that best shows where it happened: the first frame
/// in `prefer_dir` (the sample's directory), else the first outside system headers.
const Frame* telling_frame(const std::vector<Frame>& stack, const std::string& prefer_dir = "");

} // namespace racelab
