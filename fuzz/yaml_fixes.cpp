// The reader of clang-tidy's --export-fixes YAML (racelab::read_fixes, which `racelab lint` runs
// on every linted file): each input is the YAML file. Its replacements name a source file by a
// path relative to the linted file (a small file the harness writes) or absolute, and edit it by
// byte offset and length, which the reader turns into lines and columns.
//
// Checked beyond the sanitizers: no exception escapes (a broken fixes file leaves the findings
// without fix-its), fix-its go only to findings whose check and message match, and their lines
// and columns are 1-based with the end not before the start.
#include "lint.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace {

std::string dir, source, fixes;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "yaml_fixes fuzzer: %s\n", what);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // In memory when the machine has /dev/shm: a busy disk would make the harness wait, not work.
  std::string tmpl = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  tmpl += "/racelab-fuzz-fixes-XXXXXX";
  if (!mkdtemp(tmpl.data()))
    fail("cannot make a temporary directory");
  dir = tmpl;
  source = dir + "/a.cpp";
  fixes = dir + "/fixes.yaml";
  std::atexit([] { // libFuzzer ends its runs with exit(): leave nothing in /dev/shm
    std::remove(fixes.c_str());
    std::remove(source.c_str());
    rmdir(dir.c_str());
  });
  std::ofstream(source) << "#include <thread>\nint counter;\nvoid f() {\n  std::thread([&] { "
                           "++counter; }).detach();\n}\n";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // clang-tidy names source files here; a device or a FIFO (/dev/zero, /dev/stdin) would only
  // make the harness read forever.
  for (std::string_view special : {"/dev", "/proc", "/sys"})
    if (text.find(special) != std::string_view::npos)
      return 0;
  std::ofstream(fixes, std::ios::binary | std::ios::trunc).write(text.data(), text.size());
  std::vector<racelab::Finding> findings(3);
  findings[0].check = "racelab-context-escape";
  findings[0].message = "m";
  findings[1].check = "racelab-unsynchronized-shared-write";
  findings[1].message = "write to 'counter'";
  findings[2].check = "racelab-context-escape";
  findings[2].message = "m";
  racelab::read_fixes(fixes, source, findings);
  for (const auto& f : findings)
    for (const auto& x : f.fixes) {
      if (x.line < 1 || x.column < 1 || x.end_line < x.line ||
          (x.end_line == x.line && x.end_column < x.column))
        fail("a fix-it's range is not 1-based or ends before it starts");
    }
  if (!findings[2].fixes.empty() && findings[0].fixes.empty())
    fail("the second of two identical findings got the fix-its of the first");
  return 0;
}
