#include "tsan_report.h"
#include "tsan_frames.h"

#include "text.h"

#include <regex>

namespace racelab {

namespace {

// The titles TSan gives the blocks of a report, whatever their indentation.
bool is_tsan_header(const std::string& t) {
  static const std::regex re(
      R"(^((Previous )?([Aa]tomic )?([Rr]ead|[Ww]rite) of size \d+ at|(Previous )?([Rr]ead-only|[Mm]odifying) access of|Location is|Mutex M?\d+|Mutex \S+ acquired|Thread T\d+|Main thread|Cycle in lock order graph|Heap block|As if synchronized via sleep|Hint:|Signal \d+ handler invoked|Call to|Previous atomic|Mutex \S+ created at|And \d+ more)\b.*)");
  return t == "and:" || std::regex_match(t, re); // "and:": the second stack of a mutex report
}

bool is_go_header(const std::string& t) {
  static const std::regex re(
      R"(^((Previous )?([Rr]ead|[Ww]rite) at 0x[0-9a-fA-F]+ by (main goroutine|goroutine \d+)|Goroutine \d+ \((running|finished)\) created at|goroutine \d+ \[.*\]|runtime stack|Location is).*:$)");
  return std::regex_match(t, re);
}

// A report's first line, anywhere in a line (after a prefix): its kind, and whether it is Go's.
struct Start {
  std::string prefix, kind, pid;
  bool go = false, fatal = false;
};

bool find_start(const std::string& raw, Start& s) {
  // Most lines are none of these: skip the regular expressions for them.
  if (raw.find("WARNING: ") == std::string::npos && raw.find("error: ") == std::string::npos &&
      raw.find("panic: ") == std::string::npos)
    return false;
  static const std::regex tsan_re(
      R"(^(.*?)WARNING: ThreadSanitizer: (.*?)(?: \(pid=(\d+)\))?\s*$)");
  static const std::regex go_re(R"(^(.*?)WARNING: DATA RACE\s*$)");
  // Go's runtime throws these with goroutine stacks: not race reports, but the same mistakes.
  static const std::regex fatal_re(
      R"(^(.*?)(?:fatal error|panic): (concurrent map [a-z ]+|all goroutines are asleep - deadlock!|sync: [^\n]+?)\s*$)");
  std::smatch m;
  if (std::regex_match(raw, m, tsan_re)) {
    s = {m[1], m[2], m[3], false, false};
  } else if (std::regex_match(raw, m, go_re)) {
    s = {m[1], "data race", "", true, false};
  } else if (std::regex_match(raw, m, fatal_re)) {
    s = {m[1], m[2], "", true, true};
  } else {
    return false;
  }
  // Only what a log wrapper puts before lines counts as a prefix: "12: ", "# ", "// ", spaces.
  static const std::regex prefix_re(R"(^\s*(\d+: |#+ ?|//+ ?|;+ ?|> ?|\[[^\]]*\] ?)?\s*$)");
  return std::regex_match(s.prefix, prefix_re);
}

const char* const kRule = "==================";

// Reads a log line by line. A report runs from its WARNING line (and the rule of '=' before it)
// to the rule after its SUMMARY line (Go: the rule after its stacks; a fatal error: the end of its
// goroutine dump); everything else is the program's own output.
class LogParser {
public:
  void add(const std::string& raw) {
    Start s;
    if (find_start(raw, s)) {
      start_report(raw, s);
      return;
    }
    std::string line = raw;
    if (cur_ && !unprefix(raw, line)) {
      foreign_line(raw);
      return;
    }
    if (!cur_)
      line = strip_outside(raw);
    if (rule(line, raw))
      return;
    flush_pending_rule();
    if (reported_count(line, raw))
      return;
    if (cur_ && cur_->go && fatal_ && !fatal_line(line)) {
      close(false);
      log_.other_lines.push_back(raw);
      return;
    }
    if (cur_)
      report_line(line);
    else
      log_.other_lines.push_back(raw);
  }

  Log finish() {
    flush_pending_rule();
    flush_wrapped();
    close(cur_ && !fatal_ && (cur_->go || cur_->summary.empty()));
    if (prefixed_)
      log_.notes.push_back("lines were prefixed (\"" + trim(prefix_) +
                           "\"): read without the prefix");
    return std::move(log_);
  }

private:
  void start_report(const std::string& raw, const Start& s) {
    flush_wrapped();
    close(!fatal_ && cur_ && (cur_->go || cur_->summary.empty()));
    prefix_ = s.prefix;
    prefixed_ = prefixed_ || !trim(s.prefix).empty();
    fatal_ = s.fatal;
    cur_ = &log_.reports.emplace_back();
    cur_->kind = s.kind;
    cur_->pid = s.pid;
    cur_->go = s.go;
    if (pending_rule_)
      cur_->lines.push_back(kRule);
    pending_rule_ = false;
    cur_->lines.push_back(raw.substr(s.prefix.size()));
  }

  // The line without the report's prefix; false when the line does not carry it (then it is
  // some other stream's, interleaved).
  bool unprefix(const std::string& raw, std::string& line) const {
    if (starts_with(raw, prefix_)) {
      line = raw.substr(prefix_.size());
      return true;
    }
    const std::string p = trim(prefix_);
    if (is_blank(prefix_) || raw == p || (raw.size() < prefix_.size() && is_blank(raw))) {
      line = is_blank(raw) || raw == p ? "" : raw;
      return true;
    }
    // Re-indented: the same marker with other whitespace around it.
    std::string t = trim(raw);
    if (!p.empty() && starts_with(t, p)) {
      line = t.substr(p.size());
      return true;
    }
    return false;
  }

  // Outside a report the prefix is not known yet: a rule may carry any wrapper's prefix.
  static std::string strip_outside(const std::string& raw) {
    static const std::regex rule_re(R"(^[^=]{0,16}?(={18,})\s*$)");
    std::smatch m;
    if (std::regex_match(raw, m, rule_re))
      return m[1];
    return raw;
  }

  // A rule closes a finished report, or may open the next one: it is held until that is known.
  bool rule(const std::string& line, const std::string& raw) {
    if (trim(line).rfind(kRule, 0) != 0)
      return false;
    flush_wrapped();
    if (cur_ && (!cur_->summary.empty() || (cur_->go && !fatal_))) {
      cur_->lines.push_back(trim(line));
      close(false);
    } else if (!cur_) {
      if (pending_rule_)
        log_.other_lines.push_back(pending_raw_);
      pending_rule_ = true;
      pending_raw_ = raw;
    } else {
      cur_->lines.push_back(line);
    }
    return true;
  }

  void flush_pending_rule() {
    if (pending_rule_)
      log_.other_lines.push_back(pending_raw_);
    pending_rule_ = false;
  }

  bool reported_count(const std::string& line, const std::string& raw) {
    static const std::regex count_re(
        R"(^\s*(?:ThreadSanitizer: reported (\d+) warnings?|Found (\d+) data race\(s\))\s*$)");
    std::smatch m;
    if (!std::regex_match(line, m, count_re))
      return false;
    flush_wrapped();
    close(cur_ && !fatal_ && (cur_->go || cur_->summary.empty()));
    log_.reported_count = std::stoi(m[1].matched ? m[1] : m[2]);
    log_.other_lines.push_back(raw);
    return true;
  }

  // Whether a line belongs to a Go runtime's goroutine dump.
  static bool fatal_line(const std::string& line) {
    std::string t = trim(line);
    if (t.empty() || is_go_header(t) || is_go_function_line(t) ||
        t == "...additional frames elided...")
      return true;
    Frame f;
    if (parse_go_location(t, f))
      return true;
    return starts_with(t, "[signal ") || starts_with(t, "goroutine ") ||
           starts_with(t, "runtime stack:");
  }

  Section& section() {
    if (cur_->sections.empty())
      cur_->sections.push_back({"", {}, {}});
    return cur_->sections.back();
  }

  void add_frame(const Frame& f, const std::string& line) {
    Frame g = f;
    g.index = g.go ? int(section().stack.size()) : g.index;
    section().stack.push_back(g);
    section().lines.push_back(line);
  }

  void report_line(const std::string& line) {
    cur_->lines.push_back(line);
    const std::string t = trim(line);
    if (t.rfind("SUMMARY: ThreadSanitizer: ", 0) == 0) {
      flush_wrapped();
      cur_->summary = t.substr(26);
      return;
    }
    if (cur_->go) {
      go_line(line, t);
      return;
    }
    if (continues_wrapped(line, t))
      return;
    static const std::regex frame_start_re(R"(^(\* )?#\d+ .*)");
    Frame f;
    if (parse_frame(t, f) || parse_lldb_frame(t, f)) {
      // A frame line that may continue on the next line: its module is missing.
      if (f.module.empty() && f.file.empty() && !starts_with(t, "frame #") &&
          !starts_with(t, "* frame #")) {
        wrapped_ = t;
        return;
      }
      add_frame(f, line);
    } else if (t.empty()) {
      // between sections
    } else if (std::regex_match(t, frame_start_re)) {
      wrapped_ = t; // the first half of a wrapped frame
    } else if (is_tsan_header(t) || (line[0] == ' ' && t.back() == ':' && t[0] != '(')) {
      std::string title = t;
      if (title.back() == ':')
        title.pop_back();
      cur_->sections.push_back({title, {}, {line}});
    } else if (line[0] == ' ' && !cur_->sections.empty()) {
      cur_->sections.back().lines.push_back(line); // a continuation line of TSan's
    } else {
      cur_->foreign.push_back(line);
    }
  }

  // A frame, a frame's module or a section's title that a log wrapper broke over two lines:
  // joined to what came before. True when `line` was such a continuation.
  bool continues_wrapped(const std::string& line, const std::string& t) {
    // A frame wrapped onto the next line: join the two when they make a frame together.
    if (!wrapped_.empty()) {
      Frame f;
      std::string joined = wrapped_ + " " + t;
      if (parse_frame(joined, f) || parse_frame(wrapped_ + t, f)) {
        add_frame(f, joined);
        wrapped_.clear();
        return true;
      }
      flush_wrapped();
    }
    // A frame's module wrapped onto the next line: "(prog+0xef500) (BuildId: 1a2b)".
    static const std::regex module_re(R"(^\(([^()]*\+0x[0-9a-fA-F]+)\)(?: \(BuildId:?.*)?$)");
    std::smatch mm;
    if (!cur_->sections.empty() && !section().stack.empty() &&
        section().stack.back().module.empty() && std::regex_match(t, mm, module_re)) {
      section().stack.back().module = mm[1];
      section().lines.push_back(line);
      return true;
    }
    // A header wrapped onto the next line: "Write of size 4 at 0x.. by" / "thread T1:".
    if (!cur_->sections.empty() && !t.empty() && t.back() == ':') {
      Section& s = cur_->sections.back();
      if (s.stack.empty() && s.lines.size() == 1 && s.title.size() > 3 &&
          s.title.compare(s.title.size() - 3, 3, " by") == 0) {
        s.title += " " + t.substr(0, t.size() - 1);
        s.lines.push_back(line);
        return true;
      }
    }
    return false;
  }

  void go_line(const std::string& line, const std::string& t) {
    if (t.empty()) {
      go_function_.clear();
      return;
    }
    if (is_go_header(t)) {
      go_function_.clear();
      cur_->sections.push_back({t.substr(0, t.size() - 1), {}, {line}});
      return;
    }
    Frame f;
    if (!go_function_.empty() && parse_go_location(t, f)) {
      f.go = true;
      f.function = go_function_name(go_function_);
      go_function_.clear();
      add_frame(f, line);
      return;
    }
    if (is_go_function_line(t)) {
      go_function_ = t;
      if (starts_with(t, "created by "))
        cur_->sections.push_back({t, {}, {line}});
      else
        section().lines.push_back(line);
      return;
    }
    cur_->foreign.push_back(line);
  }

  void flush_wrapped() {
    if (wrapped_.empty() || !cur_)
      return;
    Frame f;
    if (parse_frame(wrapped_, f)) {
      add_frame(f, wrapped_);
    } else {
      section().lines.push_back(wrapped_);
    }
    wrapped_.clear();
  }

  void foreign_line(const std::string& raw) {
    if (fatal_) { // a Go fatal error has no end marker: another stream's line ends it
      close(false);
      log_.other_lines.push_back(raw);
      return;
    }
    cur_->lines.push_back(raw);
    cur_->foreign.push_back(raw);
  }

  void close(bool truncated) {
    if (!cur_)
      return;
    const std::string which =
        "report " + std::to_string(log_.reports.size()) + " (" + cur_->kind + ")";
    if (truncated) {
      cur_->truncated = true;
      log_.notes.push_back(which + " is truncated: it ends before its " +
                           (cur_->go ? "closing rule" : "SUMMARY line"));
    }
    if (!cur_->foreign.empty())
      log_.notes.push_back(which + " has " + std::to_string(cur_->foreign.size()) +
                           " interleaved line(s) of other output");
    cur_ = nullptr;
    fatal_ = false;
    go_function_.clear();
  }

  Log log_;
  Report* cur_ = nullptr;
  std::string prefix_;        // what precedes TSan's text on the report's lines
  bool prefixed_ = false;     // some report had a non-blank prefix
  bool fatal_ = false;        // the current report is a Go fatal error's goroutine dump
  std::string wrapped_;       // the first half of a frame line wrapped in two
  std::string go_function_;   // a Go frame's function line, waiting for its location line
  bool pending_rule_ = false; // a rule seen, not yet known to open a report
  std::string pending_raw_;
};

} // namespace
std::vector<Access> Report::accesses() const {
  static const std::regex re(
      R"(^(Previous )?(atomic |Atomic )?(read|write|Read|Write|[Rr]ead-only|[Mm]odifying)(?: of size (\d+)| access of .*?)? at \S+ by (main thread|thread T\d+|main goroutine|goroutine \d+).*)");
  std::vector<Access> out;
  for (const Section& s : sections) {
    std::smatch m;
    if (!std::regex_match(s.title, m, re))
      continue;
    Access a;
    a.previous = m[1].matched;
    a.atomic = m[2].matched;
    std::string rw = m[3];
    a.write = rw == "write" || rw == "Write" || rw == "Modifying" || rw == "modifying";
    a.size = m[4].matched ? std::stoi(m[4]) : 0;
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

std::vector<const Section*> Report::problem_sections() const {
  std::vector<const Section*> out;
  for (const Access& a : accesses())
    out.push_back(a.section);
  if (!out.empty())
    return out;
  std::vector<const Section*> creations;
  for (const Section& s : sections) {
    if (s.stack.empty())
      continue;
    if (starts_with(s.title, "Thread T") || starts_with(s.title, "Goroutine ") ||
        starts_with(s.title, "created by ") || s.title.find("created at") != std::string::npos)
      creations.push_back(&s);
    else if (!starts_with(s.title, "Location is"))
      out.push_back(&s);
  }
  return out.empty() ? creations : out;
}

Log parse_tsan_log(std::string_view text) {
  LogParser parser;
  for (const std::string& line : split_lines(text))
    parser.add(line);
  return parser.finish();
}

} // namespace racelab
