#include "tsan_report.h"

#include <regex>

namespace racelab {

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    out.emplace_back(line);
    if (nl == std::string_view::npos)
      break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// "#3 main::$_0::operator()() const /p/racy.cpp:36:39 (prog+0xef500) (BuildId: 1a2b)"
// "#0 main::{lambda()#1}::operator()() const /p/racy.cpp:14 (prog+0x1234)"   (GCC)
// "#0 __tsan_memcpy <null> (prog+0x62f51)"
bool parse_frame(const std::string& line, Frame& f) {
  // The module is the last "(name+0xoffset)"; clang adds "(BuildId: ...)" after it.
  static const std::regex re(
      R"(^\s*#(\d+) (.*) \(([^()]*\+0x[0-9a-fA-F]+)\)(?: \(BuildId: [0-9a-f]+\))?\s*$)");
  std::smatch m;
  if (!std::regex_match(line, m, re))
    return false;
  f.index = std::stoi(m[1]);
  f.module = m[3];
  std::string rest = m[2];
  // The location is the last word: "/p/file.cpp:36:39", "/p/file.cpp:14", or "<null>".
  auto sp = rest.rfind(' ');
  std::string loc = sp == std::string::npos ? rest : rest.substr(sp + 1);
  f.function = sp == std::string::npos ? "<null>" : rest.substr(0, sp);
  static const std::regex loc_re(R"(^(.*?):(\d+)(?::(\d+))?$)");
  std::smatch lm;
  if (std::regex_match(loc, lm, loc_re)) {
    f.file = lm[1];
    f.line = std::stoi(lm[2]);
    f.column = lm[3].matched ? std::stoi(lm[3]) : 0;
  } else if (loc != "<null>") {
    f.function = rest; // no location at all: the whole text is the function
  }
  return true;
}

bool is_section_header(const std::string& line) {
  // Two spaces of indent, then text; the stack follows on lines indented by four.
  return line.size() > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ' && line[2] != '#';
}

} // namespace

std::vector<Access> Report::accesses() const {
  static const std::regex re(
      R"(^(Previous )?(atomic |Atomic )?(read|write|Read|Write) of size (\d+) at \S+ by (main thread|thread T\d+).*)");
  std::vector<Access> out;
  for (const Section& s : sections) {
    std::smatch m;
    if (!std::regex_match(s.title, m, re))
      continue;
    Access a;
    a.previous = m[1].matched;
    a.atomic = m[2].matched;
    std::string rw = m[3];
    a.write = rw == "write" || rw == "Write";
    a.size = std::stoi(m[4]);
    a.thread = m[5];
    a.section = &s;
    out.push_back(a);
  }
  return out;
}

std::vector<const Section*> Report::sections_starting(std::string_view prefix) const {
  std::vector<const Section*> out;
  for (const Section& s : sections)
    if (std::string_view(s.title).substr(0, prefix.size()) == prefix)
      out.push_back(&s);
  return out;
}

std::string where(const Frame& f) {
  if (f.file.empty())
    return f.function;
  auto slash = f.file.rfind('/');
  std::string base = slash == std::string::npos ? f.file : f.file.substr(slash + 1);
  return base + ":" + std::to_string(f.line);
}

Log parse_tsan_log(std::string_view text) {
  static const std::regex warning_re(R"(^WARNING: ThreadSanitizer: (.*?)(?: \(pid=(\d+)\))?\s*$)");
  static const std::regex count_re(R"(^ThreadSanitizer: reported (\d+) warnings?$)");
  Log log;
  Report* cur = nullptr;
  bool pending_rule = false; // a "=====" line seen right before a report
  auto close = [&](bool truncated) {
    if (!cur)
      return;
    if (truncated) {
      cur->truncated = true;
      log.notes.push_back("report " + std::to_string(log.reports.size()) + " (" + cur->kind +
                          ") is truncated: it ends before its SUMMARY line");
    }
    if (!cur->foreign.empty())
      log.notes.push_back("report " + std::to_string(log.reports.size()) + " (" + cur->kind +
                          ") has " + std::to_string(cur->foreign.size()) +
                          " interleaved line(s) of other output");
    cur = nullptr;
  };
  for (const std::string& line : split_lines(text)) {
    std::smatch m;
    if (std::regex_match(line, m, warning_re)) {
      close(true);
      log.reports.emplace_back();
      cur = &log.reports.back();
      cur->kind = m[1];
      cur->pid = m[2];
      if (pending_rule)
        cur->lines.push_back("==================");
      pending_rule = false;
      cur->lines.push_back(line);
      continue;
    }
    if (line.rfind("==================", 0) == 0) {
      if (cur && !cur->summary.empty()) {
        cur->lines.push_back(line);
        close(false);
      } else if (!cur) {
        if (pending_rule)
          log.other_lines.push_back("==================");
        pending_rule = true;
      } else {
        cur->lines.push_back(line);
      }
      continue;
    }
    if (pending_rule) {
      log.other_lines.push_back("==================");
      pending_rule = false;
    }
    if (std::regex_match(line, m, count_re)) {
      close(cur && cur->summary.empty());
      log.reported_count = std::stoi(m[1]);
      log.other_lines.push_back(line);
      continue;
    }
    if (!cur) {
      log.other_lines.push_back(line);
      continue;
    }
    cur->lines.push_back(line);
    if (line.rfind("SUMMARY: ThreadSanitizer: ", 0) == 0) {
      cur->summary = line.substr(26);
      continue;
    }
    Frame f;
    if (parse_frame(line, f)) {
      if (cur->sections.empty())
        cur->sections.push_back({"", {}, {}});
      cur->sections.back().stack.push_back(f);
      cur->sections.back().lines.push_back(line);
      continue;
    }
    if (line.empty())
      continue;
    if (is_section_header(line)) {
      std::string title = trim(line);
      if (!title.empty() && title.back() == ':')
        title.pop_back();
      cur->sections.push_back({title, {}, {line}});
      continue;
    }
    if (line.rfind("    ", 0) == 0 && !cur->sections.empty()) {
      cur->sections.back().lines.push_back(line); // a continuation line of TSan's
      continue;
    }
    cur->foreign.push_back(line);
  }
  if (pending_rule)
    log.other_lines.push_back("==================");
  close(cur && cur->summary.empty());
  return log;
}

} // namespace racelab
