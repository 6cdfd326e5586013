// Reading the lines of a report's stacks (tsan_frames.cpp), for the log parser of tsan_report.cpp.
#pragma once

#include "tsan_report.h"

#include <string>
#include <string_view>
#include <vector>

namespace racelab {

std::vector<std::string> split_lines(std::string_view text);
bool starts_with(std::string_view s, std::string_view p);
bool is_blank(std::string_view s);
/// "#3 fn file:line:col (module+0x…)" as clang's and GCC's runtimes print it.
bool parse_frame(std::string line, Frame& f);
/// lldb's "* frame #0: 0x… module`fn at file:line:col".
bool parse_lldb_frame(const std::string& line, Frame& f);
/// Go's "\tfile.go:12 +0x…" line under a function line.
bool parse_go_location(const std::string& line, Frame& f);
bool is_go_function_line(const std::string& t);
std::string go_function_name(const std::string& t);

} // namespace racelab
