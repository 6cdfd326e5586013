// Frames of a ThreadSanitizer or Go race report: parsing one stack line (clang, GCC, lldb, Go)
// and telling the user's code from the runtime's, libc's and the standard library's.
#include "tsan_frames.h"

#include "text.h"

#include <regex>

namespace racelab {

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
namespace {
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
} // namespace

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

namespace {

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

// The course's framework, minigin (mini-framework/ in the repository, include/minigin/ once
// installed), is library code as Gin is: the user's frame is the handler line that called it.
bool framework_file(const std::string& file) {
  return starts_with(file, "mini-framework/") ||
         contains_any(file,
                      {"/mini-framework/include/", "/mini-framework/src/", "/include/minigin/"});
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
  if (!f.file.empty()) {
    if (system_file(f.file) || runtime_function(f.function))
      return FrameOrigin::System;
    return framework_file(f.file) ? FrameOrigin::Library : FrameOrigin::User;
  }
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

} // namespace racelab
