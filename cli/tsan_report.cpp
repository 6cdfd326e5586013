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
    while (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    out.emplace_back(line);
    if (nl == std::string_view::npos)
      break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

// "/p/file.cpp:36:39", "/p/file.cpp:14", "file.cpp:14 (discriminator 2)" (GCC) into `f`.
bool parse_location(const std::string& loc, Frame& f) {
  static const std::regex loc_re(R"(^(.*?):(\d+)(?::(\d+))?$)");
  std::smatch lm;
  if (!std::regex_match(loc, lm, loc_re) || lm[1].length() == 0)
    return false;
  f.file = lm[1];
  f.line = std::stoi(lm[2]);
  f.column = lm[3].matched ? std::stoi(lm[3]) : 0;
  return true;
}

// A TSan frame, trimmed:
// "#3 main::$_0::operator()() const /p/racy.cpp:36:39 (prog+0xef500) (BuildId: 1a2b)"
// "#0 main::{lambda()#1}::operator()() const /p/racy.cpp:14 (prog+0x1234)"   (GCC)
// "#0 __tsan_memcpy <null> (prog+0x62f51)", "#0 <null> <null> (prog+0x62f51)" (unsymbolized)
// "#0 main x.cpp:5 (a.out:x86_64+0x100003f4c)" (macOS), "* #0 ..." (lldb's selected frame)
bool parse_frame(std::string line, Frame& f) {
  if (starts_with(line, "* "))
    line.erase(0, 2);
  static const std::regex discriminator(R"( \(discriminator \d+\))");
  if (line.find("(discriminator ") != std::string::npos)
    line = std::regex_replace(line, discriminator, "");
  // The module is the last "(name+0xoffset)"; clang adds "(BuildId: ...)" after it.
  static const std::regex re(
      R"(^#(\d+) (.*?)(?: \(([^()]*\+0x[0-9a-fA-F]+)\))?(?: \(BuildId: [0-9a-fA-F]+\))?$)");
  std::smatch m;
  if (!std::regex_match(line, m, re))
    return false;
  f = Frame{};
  f.index = std::stoi(m[1]);
  f.module = m[3];
  std::string rest = m[2];
  // An unsymbolized pc alone: "#0 0x55d0c1a2b3c4 (prog+0x1234)".
  static const std::regex pc_re(R"(^0x[0-9a-fA-F]+$)");
  if (std::regex_match(rest, pc_re)) {
    f.function = "<null>";
    return !f.module.empty();
  }
  // The location is the last word: "/p/file.cpp:36:39", "/p/file.cpp:14", or "<null>".
  auto sp = rest.rfind(' ');
  std::string loc = sp == std::string::npos ? rest : rest.substr(sp + 1);
  f.function = sp == std::string::npos ? "<null>" : rest.substr(0, sp);
  if (!parse_location(loc, f) && loc != "<null>") {
    if (f.module.empty())
      return false;    // neither a location nor a module: not a frame
    f.function = rest; // no location at all: the whole text is the function
  }
  return true;
}

// lldb's backtrace: "* frame #0: 0x0000000100003f4c a.out`main at main.cpp:3:5".
bool parse_lldb_frame(const std::string& line, Frame& f) {
  static const std::regex re(
      R"(^(?:\* )?frame #(\d+): (0x[0-9a-fA-F]+) ([^`]+)`(.*?)(?: at (\S+))?(?: \+ \d+)?$)");
  std::smatch m;
  if (!std::regex_match(line, m, re))
    return false;
  f = Frame{};
  f.index = std::stoi(m[1]);
  f.module = std::string(m[3]) + "+" + std::string(m[2]);
  f.function = m[4];
  if (m[5].matched)
    parse_location(m[5], f);
  return true;
}

// A Go location line: "/tmp/x.go:12 +0x44", with " fp=0x.. sp=0x.. pc=0x.." in fatal errors.
bool parse_go_location(const std::string& line, Frame& f) {
  static const std::regex re(
      R"(^(\S.*?\.(?:go|s|c)):(\d+)(?: \+0x[0-9a-fA-F]+)?(?: fp=\S+ sp=\S+ pc=\S+)?$)");
  std::smatch m;
  if (!std::regex_match(line, m, re))
    return false;
  f.file = m[1];
  f.line = std::stoi(m[2]);
  return true;
}

// A Go function line of a stack: "main.main.func1()", "github.com/gin-gonic/gin.(*Context).Query(
// 0xc0001, {0x6b2, 0x3})", "runtime.mapassign_faststr(...)", "created by main.main".
bool is_go_function_line(const std::string& t) {
  static const std::regex re(
      R"(^(created by )?[A-Za-z_][\w./*()\-\[\]{}]*(\(.*\))?( in goroutine \d+)?$)");
  return (t.back() == ')' || starts_with(t, "created by ")) && std::regex_match(t, re);
}

std::string go_function_name(const std::string& t) {
  std::string s = t;
  if (starts_with(s, "created by "))
    s.erase(0, 11);
  auto in = s.find(" in goroutine ");
  if (in != std::string::npos)
    s.erase(in);
  // Drop the argument list: the last "(...)" that closes the line.
  if (!s.empty() && s.back() == ')') {
    int depth = 0;
    for (std::size_t i = s.size(); i-- > 0;) {
      depth += s[i] == ')' ? 1 : s[i] == '(' ? -1 : 0;
      if (depth == 0) {
        s.erase(i);
        break;
      }
    }
  }
  return s;
}

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
    // A frame wrapped onto the next line: join the two when they make a frame together.
    if (!wrapped_.empty()) {
      Frame f;
      std::string joined = wrapped_ + " " + t;
      if (parse_frame(joined, f) || parse_frame(wrapped_ + t, f)) {
        add_frame(f, joined);
        wrapped_.clear();
        return;
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
      return;
    }
    // A header wrapped onto the next line: "Write of size 4 at 0x.. by" / "thread T1:".
    if (!cur_->sections.empty() && !t.empty() && t.back() == ':') {
      Section& s = cur_->sections.back();
      if (s.stack.empty() && s.lines.size() == 1 && s.title.size() > 3 &&
          s.title.compare(s.title.size() - 3, 3, " by") == 0) {
        s.title += " " + t.substr(0, t.size() - 1);
        s.lines.push_back(line);
        return;
      }
    }
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

bool has_prefix_of(const std::string& s, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes)
    if (starts_with(s, p))
      return true;
  return false;
}

bool contains_any(const std::string& s, std::initializer_list<const char*> parts) {
  for (const char* p : parts)
    if (s.find(p) != std::string::npos)
      return true;
  return false;
}

// Modules of the system: the C library, the C++ libraries, the sanitizer runtimes, the loader.
bool system_module(const std::string& module) {
  return has_prefix_of(module, {"libc.so", "libc++", "libstdc++", "libtsan", "libclang_rt",
                                "ld-linux", "libpthread", "libgcc_s", "libdyld", "libsystem_",
                                "libobjc", "libc-", "libm.so"});
}

// Functions of the runtime and of libc that the runtime intercepts, as clang links them into the
// program itself (so their module is the program's): names only, no file.
bool runtime_function(const std::string& fn) {
  static const std::regex re(
      R"(^(__tsan_|__interceptor_|___interceptor_|__sanitizer|__asan|__ubsan|_Unwind|__cxa_|__libc_|__GI_|__pthread|pthread_|operator new|operator delete|std::|__gnu_cxx::|(mem|str|wcs)[a-z]*\b|(m|c|re|valloc|pvalloc|posix_memalign|aligned_)?alloc\b|free\b|malloc\b|(sig|raise|signal|kill|usleep|sleep|nanosleep|write|read|close|open|pipe|dup|fopen|fclose|fwrite|fread|puts|printf|fprintf|sprintf|snprintf|vsnprintf|abort|exit|atexit|start_thread|clone|sem_|epoll_|poll|select|accept|recv|send|socket|connect)\w*\b|start\b|_start\b|thread_start\b))");
  return std::regex_search(fn, re);
}

bool system_file(const std::string& file) {
  return has_prefix_of(file, {"/usr/", "/lib/", "../", "./", "csu/", "nptl/", "sysdeps/", "/build/",
                              "/System/", "/Library/Developer/"}) ||
         contains_any(file,
                      {"/sysdeps/", "/nptl/", "compiler-rt/", "libsanitizer/", "sanitizer_common",
                       "/include/c++/", "/libstdc++", "/libcxx/", "/libc++/", "/tsan/rtl/"}) ||
         base_name(file).rfind("tsan_", 0) == 0;
}

// Go's own sources (GOROOT) and third-party packages (GOPATH's src, the module cache, Debian's
// /usr/share/gocode): not the user's code.
bool go_system(const Frame& f) {
  if (has_prefix_of(f.function,
                    {"runtime.", "sync.", "sync/atomic.", "internal/", "testing.", "reflect.",
                     "syscall.", "os.", "net/", "net.", "fmt.", "io.", "bufio.", "time.",
                     "context.", "strings.", "strconv.", "sort.", "encoding/"}))
    return true;
  return contains_any(f.file, {"/go/src/runtime/", "/src/runtime/", "/src/sync/", "/src/testing/",
                               "/src/net/", "/src/internal/"}) ||
         (contains_any(f.file, {"/usr/lib/go", "/usr/local/go/", "GOROOT", "/go/src/"}) &&
          !contains_any(f.file, {"/gocode/src/", "/pkg/mod/", "/go/src/github.com/"}));
}

bool go_library(const Frame& f) {
  return contains_any(f.file, {"/gocode/src/", "/pkg/mod/", "/vendor/"}) ||
         (f.file.find("/go/src/") != std::string::npos &&
          contains_any(f.file, {"github.com/", "golang.org/", "gopkg.in/"}));
}

} // namespace

FrameOrigin frame_origin(const Frame& f) {
  if (f.go) {
    if (go_system(f))
      return FrameOrigin::System;
    return go_library(f) ? FrameOrigin::Library : FrameOrigin::User;
  }
  if (system_module(f.module))
    return FrameOrigin::System;
  const bool unknown_function = f.function.empty() || f.function == "<null>";
  if (!f.file.empty())
    return system_file(f.file) || runtime_function(f.function) ? FrameOrigin::System
                                                               : FrameOrigin::User;
  if (unknown_function)
    return FrameOrigin::Unsymbolized;
  return runtime_function(f.function) ? FrameOrigin::System : FrameOrigin::UserNoLines;
}

const Frame* user_frame(const std::vector<Frame>& stack, const std::string& prefer_dir) {
  if (!prefer_dir.empty())
    for (const Frame& f : stack)
      if (f.file.find(prefer_dir) != std::string::npos)
        return &f;
  for (FrameOrigin want : {FrameOrigin::User, FrameOrigin::UserNoLines, FrameOrigin::Unsymbolized,
                           FrameOrigin::Library})
    for (const Frame& f : stack)
      if (frame_origin(f) == want)
        return &f;
  return stack.empty() ? nullptr : &stack.front();
}

std::string where(const Frame& f) {
  if (!f.file.empty())
    return base_name(f.file) + ":" + std::to_string(f.line);
  if (f.function.empty() || f.function == "<null>")
    return f.module.empty() ? "an unknown place" : f.module;
  return f.function + (f.module.empty() ? "" : " (" + f.module + ")");
}

std::string symbol_hint(const Frame& f) {
  if (!f.file.empty() || f.module.empty())
    return {};
  auto plus = f.module.rfind("+0x");
  std::string binary = f.module.substr(0, plus);
  std::string offset = plus == std::string::npos ? "" : f.module.substr(plus + 1);
  std::string how = "addr2line -f -C -e " + binary + " " + offset;
  if (f.function.empty() || f.function == "<null>")
    return "no symbols for " + binary +
           ": keep llvm-symbolizer on PATH (or set "
           "TSAN_SYMBOLIZER_PATH), do not run with symbolize=0, do not strip the binary; or "
           "look the offset up: " +
           how;
  return "no line information in " + binary + ": compile with -g; or look the offset up: " + how;
}

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
