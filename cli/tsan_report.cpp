#include "tsan_report.h"

#include "text.h"

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
  return base_name(f.file) + ":" + std::to_string(f.line);
}

namespace {

const char* const kRule = "==================";

// Reads a log line by line. A report runs from its WARNING line (and the rule of '=' before it)
// to the rule after its SUMMARY line; everything else is the program's own output.
class LogParser {
public:
  void add(const std::string& line) {
    if (start_report(line) || rule(line))
      return;
    flush_pending_rule();
    if (reported_count(line))
      return;
    if (cur_)
      report_line(line);
    else
      log_.other_lines.push_back(line);
  }

  Log finish() {
    flush_pending_rule();
    close(cur_ && cur_->summary.empty());
    return std::move(log_);
  }

private:
  bool start_report(const std::string& line) {
    static const std::regex warning_re(
        R"(^WARNING: ThreadSanitizer: (.*?)(?: \(pid=(\d+)\))?\s*$)");
    std::smatch m;
    if (!std::regex_match(line, m, warning_re))
      return false;
    close(true);
    cur_ = &log_.reports.emplace_back();
    cur_->kind = m[1];
    cur_->pid = m[2];
    if (pending_rule_)
      cur_->lines.push_back(kRule);
    pending_rule_ = false;
    cur_->lines.push_back(line);
    return true;
  }

  // A rule closes a finished report, or may open the next one: it is held until that is known.
  bool rule(const std::string& line) {
    if (line.rfind(kRule, 0) != 0)
      return false;
    if (cur_ && !cur_->summary.empty()) {
      cur_->lines.push_back(line);
      close(false);
    } else if (!cur_) {
      if (pending_rule_)
        log_.other_lines.push_back(kRule);
      pending_rule_ = true;
    } else {
      cur_->lines.push_back(line);
    }
    return true;
  }

  void flush_pending_rule() {
    if (pending_rule_)
      log_.other_lines.push_back(kRule);
    pending_rule_ = false;
  }

  bool reported_count(const std::string& line) {
    static const std::regex count_re(R"(^ThreadSanitizer: reported (\d+) warnings?$)");
    std::smatch m;
    if (!std::regex_match(line, m, count_re))
      return false;
    close(cur_ && cur_->summary.empty());
    log_.reported_count = std::stoi(m[1]);
    log_.other_lines.push_back(line);
    return true;
  }

  void report_line(const std::string& line) {
    cur_->lines.push_back(line);
    if (line.rfind("SUMMARY: ThreadSanitizer: ", 0) == 0) {
      cur_->summary = line.substr(26);
      return;
    }
    Frame f;
    if (parse_frame(line, f)) {
      if (cur_->sections.empty())
        cur_->sections.push_back({"", {}, {}});
      cur_->sections.back().stack.push_back(f);
      cur_->sections.back().lines.push_back(line);
    } else if (line.empty()) {
      // between sections
    } else if (is_section_header(line)) {
      std::string title = trim(line);
      if (!title.empty() && title.back() == ':')
        title.pop_back();
      cur_->sections.push_back({title, {}, {line}});
    } else if (line.rfind("    ", 0) == 0 && !cur_->sections.empty()) {
      cur_->sections.back().lines.push_back(line); // a continuation line of TSan's
    } else {
      cur_->foreign.push_back(line);
    }
  }

  void close(bool truncated) {
    if (!cur_)
      return;
    const std::string which =
        "report " + std::to_string(log_.reports.size()) + " (" + cur_->kind + ")";
    if (truncated) {
      cur_->truncated = true;
      log_.notes.push_back(which + " is truncated: it ends before its SUMMARY line");
    }
    if (!cur_->foreign.empty())
      log_.notes.push_back(which + " has " + std::to_string(cur_->foreign.size()) +
                           " interleaved line(s) of other output");
    cur_ = nullptr;
  }

  Log log_;
  Report* cur_ = nullptr;
  bool pending_rule_ = false; // a rule seen, not yet known to open a report
};

} // namespace

Log parse_tsan_log(std::string_view text) {
  LogParser parser;
  for (const std::string& line : split_lines(text))
    parser.add(line);
  return parser.finish();
}

} // namespace racelab
