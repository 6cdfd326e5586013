#include "doctor.h"

#include "files.h"
#include "process.h"
#include "samples.h"
#include "text.h"
#include "toolchain.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace racelab {

namespace {

// Majors whose plugin racelab looks for (toolchain.cpp tries clang-tidy-N in the same range).
constexpr int newest_major = 30, oldest_major = 10;

// How to build `target` here: in a build tree, cmake --build; installed, reinstall.
std::string build_hint(const std::string& target) {
  const std::string prefix = parent_directory(executable_dir());
  if (file_exists(prefix + "/CMakeCache.txt"))
    return "cmake --build " + prefix + " --target " + target;
  return "reinstall racelab (its package has " + target + ")";
}

std::string apt_clang_tidy(int major) {
  return "sudo apt-get install clang-tidy-" + std::to_string(major);
}

// Every clang-tidy of the machine with its major; fills `majors` (major -> a program).
void examine_clang_tidy(std::vector<DoctorItem>& out, std::map<int, std::string>& majors) {
  for (const std::string& c : clang_tidy_candidates()) {
    int major = clang_tidy_major(c);
    if (major == 0) {
      out.push_back({"note", base_name(c), c + " does not run", "reinstall it or remove it"});
      continue;
    }
    majors.emplace(major, c);
    out.push_back({"ok", base_name(c), "LLVM " + std::to_string(major) + " (" + c + ")", ""});
  }
  if (majors.empty())
    out.push_back({"problem", "clang-tidy", "none on PATH or in /usr/lib/llvm-N/bin",
                   apt_clang_tidy(llvm_major())});
}

// Each plugin next to racelab, and whether the clang-tidy that can load it is there.
void examine_plugins(std::vector<DoctorItem>& out, const std::map<int, std::string>& majors) {
  bool any = false;
  for (int m = oldest_major; m <= newest_major; ++m) {
    std::string plugin = plugin_for_major(m);
    if (plugin.empty())
      continue;
    any = true;
    std::string what = "plugin for LLVM " + std::to_string(m);
    auto ct = majors.find(m);
    if (ct != majors.end())
      out.push_back({"ok", what, plugin + ", loaded by " + ct->second, ""});
    else
      out.push_back({"note", what, plugin + ", but no clang-tidy-" + std::to_string(m),
                     apt_clang_tidy(m) + " to use it"});
  }
  if (!any)
    out.push_back({"problem", "plugins",
                   "no libRacelabTidy.so under " + parent_directory(executable_dir()) + "/lib",
                   build_hint("RacelabTidy")});
}

// What `racelab lint` and the tour will run, loaded for real: --list-checks names the checks.
void examine_lint(std::vector<DoctorItem>& out, const Paths& paths) {
  const std::string what = "racelab lint";
  if (!paths.toolchain_error.empty()) {
    out.push_back({"problem", what, paths.toolchain_error,
                   "follow the message, or set RACELAB_CLANG_TIDY / RACELAB_PLUGIN"});
    return;
  }
  if (!file_exists(paths.plugin)) {
    out.push_back({"problem", what, "the racelab plugin was not found at " + paths.plugin,
                   build_hint("RacelabTidy") + ", or fix RACELAB_PLUGIN"});
    return;
  }
  ProcessResult r = run_process(
      {paths.clang_tidy, "--load=" + paths.plugin, "--checks=-*,racelab-*", "--list-checks"});
  if (r.exit_code != 0 || r.output.find("racelab-") == std::string::npos) {
    std::string first = r.output.substr(0, r.output.find('\n'));
    out.push_back({"problem", what,
                   paths.clang_tidy + " cannot load " + paths.plugin + ": " + first,
                   "use the clang-tidy of the plugin's LLVM major (--clang-tidy)"});
    return;
  }
  out.push_back({"ok", what,
                 paths.clang_tidy + " (LLVM " + std::to_string(paths.clang_tidy_major) +
                     ") loads " + paths.plugin,
                 ""});
}

// The first fixed program of the first sample (lesson 01's fixed twin): it must run clean.
const SampleProgram* tsan_probe(const std::vector<Sample>& samples) {
  for (const Sample& s : samples)
    for (const SampleProgram& p : s.programs)
      if (!p.racy)
        return &p;
  return nullptr;
}

std::string first_line_with(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos)
      return trim(line);
  return {};
}

// Runs the probe; true when ThreadSanitizer works.
bool examine_tsan(std::vector<DoctorItem>& out, const std::vector<Sample>& samples,
                  bool* mapping_error) {
  const std::string what = "ThreadSanitizer";
  const SampleProgram* probe = tsan_probe(samples);
  if (!probe || !file_exists(probe->binary)) {
    out.push_back({"problem", what,
                   "no sample built with it" + (probe ? " (" + probe->binary + ")" : std::string()),
                   build_hint("racelab-tour")});
    return false;
  }
  TsanRun t = run_under_tsan(*probe);
  std::string fatal = first_line_with(t.output, "FATAL: ThreadSanitizer");
  *mapping_error = t.output.find("unexpected memory mapping") != std::string::npos;
  if (t.exit_code == 0 && fatal.empty()) {
    out.push_back({"ok", what, base_name(probe->binary) + " ran clean", ""});
    return true;
  }
  out.push_back({"problem", what,
                 base_name(probe->binary) + " exited " + std::to_string(t.exit_code) +
                     (fatal.empty() ? std::string() : ": " + fatal),
                 *mapping_error ? "sudo sysctl vm.mmap_rnd_bits=28, or run racelab under setarch -R"
                                : "run it by hand: " + probe->binary});
  return false;
}

std::string read_setting(const std::string& file) {
  bool ok = false;
  std::string v = trim(read_file(file, &ok));
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r'))
    v.pop_back();
  return ok ? v : std::string();
}

// The kernel's address-space randomisation: LLVM 19's ThreadSanitizer fails with "unexpected
// memory mapping" on some kernels when vm.mmap_rnd_bits is above 28.
void examine_aslr(std::vector<DoctorItem>& out, bool tsan_ok, bool mapping_error) {
  std::string va = read_setting("/proc/sys/kernel/randomize_va_space");
  out.push_back({"ok", "kernel.randomize_va_space",
                 va.empty() ? "unreadable" : va + (va == "0" ? " (ASLR off)" : " (ASLR on)"), ""});
  std::string bits = read_setting("/proc/sys/vm/mmap_rnd_bits");
  const std::string fix = "sudo sysctl vm.mmap_rnd_bits=28, or run racelab under setarch -R";
  if (bits.empty()) {
    out.push_back(
        {tsan_ok ? "ok" : "note", "vm.mmap_rnd_bits", "unreadable (root only)",
         tsan_ok ? "" : "if ThreadSanitizer fails with unexpected memory mapping: " + fix});
    return;
  }
  bool high = std::atoi(bits.c_str()) > 28;
  if (!high)
    out.push_back({"ok", "vm.mmap_rnd_bits", bits, ""});
  else if (tsan_ok)
    out.push_back({"note", "vm.mmap_rnd_bits",
                   bits + ", above 28 (breaks ThreadSanitizer on some kernels; it ran here)",
                   "if it fails later: " + fix});
  else
    out.push_back({mapping_error ? "problem" : "note", "vm.mmap_rnd_bits",
                   bits + ", above 28: ThreadSanitizer fails with it on some kernels", fix});
}

void examine_course(std::vector<DoctorItem>& out, const Paths& paths,
                    const std::vector<Sample>& samples) {
  if (samples.empty()) {
    out.push_back({"problem", "samples", "none in " + paths.samples,
                   "reinstall racelab, or set RACELAB_SAMPLES to the samples/ directory"});
  } else {
    int programs = 0, built = 0;
    for (const Sample& s : samples)
      for (const SampleProgram& p : s.programs) {
        ++programs;
        built += file_exists(p.binary) ? 1 : 0;
      }
    out.push_back(
        {"ok", "samples", std::to_string(samples.size()) + " lessons in " + paths.samples, ""});
    out.push_back({built == programs ? "ok" : "problem", "sample programs",
                   std::to_string(built) + " of " + std::to_string(programs) +
                       " built with ThreadSanitizer in " + paths.sample_bins,
                   built == programs ? "" : build_hint("racelab-tour")});
  }
  bool docs = file_exists(paths.docs + "/checks/README.md");
  out.push_back({docs ? "ok" : "note", "docs", docs ? paths.docs : "not found at " + paths.docs,
                 docs ? "" : "the lessons' links point there: reinstall racelab"});
}

// The compiler the workshop's builds use: RACELAB_CXX, then the build tree's CMake compiler, then
// clang++ of the plugin's major (the samples' expected reports are written for clang's TSan).
std::string workshop_compiler() {
  if (const char* cxx = std::getenv("RACELAB_CXX"); cxx && *cxx)
    return cxx;
  // "CMAKE_CXX_COMPILER:FILEPATH=..." from a preset, ":STRING=" from -DCMAKE_CXX_COMPILER=.
  std::istringstream cache(read_file(parent_directory(executable_dir()) + "/CMakeCache.txt"));
  for (std::string line; std::getline(cache, line);)
    if (line.rfind("CMAKE_CXX_COMPILER:", 0) == 0 && line.find('=') != std::string::npos) {
      std::string cxx = trim(line.substr(line.find('=') + 1));
      if (!cxx.empty())
        return cxx;
    }
  std::string versioned = find_program("clang++-" + std::to_string(llvm_major()));
  return versioned.empty() ? "clang++" : versioned;
}

// Two threads increment a global with nothing ordering them: a data race that ThreadSanitizer
// reports on every run (it tracks happens-before, not timing). Plain pthreads keep the compile
// to about a second.
constexpr const char* racy_probe = R"(#include <pthread.h>
#include <stdio.h>
int shared;
static void* bump(void* arg) {
  (void)arg;
  shared++;
  return 0;
}
int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("shared = %d\n", shared);
  return 0;
}
)";

// The first line of a compiler's or program's output that says what went wrong.
std::string first_error(const std::string& output) {
  for (const char* needle : {"FATAL:", "error:", "cannot find", "not found"}) {
    std::string line = first_line_with(output, needle);
    if (!line.empty())
      return line;
  }
  return trim(output.substr(0, output.find('\n')));
}

// The compiler runs: "ok toolchain: clang++-19 (Debian clang version 19...)". Returns its path.
std::string examine_compiler(std::vector<DoctorItem>& out) {
  const std::string cxx = workshop_compiler();
  ProcessResult r = run_process({cxx, "--version"});
  if (r.exit_code != 0) {
    out.push_back({"problem", "toolchain", cxx + " does not run",
                   "sudo apt-get install clang-" + std::to_string(llvm_major()) + " libclang-rt-" +
                       std::to_string(llvm_major()) + "-dev, or set RACELAB_CXX to a clang++"});
    return {};
  }
  out.push_back(
      {"ok", "toolchain", cxx + " (" + trim(r.output.substr(0, r.output.find('\n'))) + ")", ""});
  return cxx;
}

// Builds the racy probe with -fsanitize=thread and runs it: ThreadSanitizer must report the race
// and exit 66. A runtime that cannot start (the "unexpected memory mapping" of high
// vm.mmap_rnd_bits) fails here, before the first exercise does.
bool examine_racy_probe(std::vector<DoctorItem>& out, const std::string& cxx, bool* mapping_error) {
  const std::string what = "ThreadSanitizer";
  if (cxx.empty()) {
    out.push_back({"problem", what, "not tried: no compiler", "fix the toolchain first"});
    return false;
  }
  char dir_template[] = "/tmp/racelab-doctor-XXXXXX";
  if (!mkdtemp(dir_template)) {
    out.push_back({"problem", what, "cannot make a scratch directory in /tmp", "check /tmp"});
    return false;
  }
  const std::string dir = dir_template, src = dir + "/probe.cpp", bin = dir + "/probe";
  std::ofstream(src) << racy_probe;
  ProcessResult build =
      run_process({cxx, "-fsanitize=thread", "-g", "-O1", "-pthread", src, "-o", bin});
  ProcessResult run;
  if (build.exit_code == 0)
    run = run_process({bin}, {"TSAN_OPTIONS=exitcode=66 atexit_sleep_ms=0 halt_on_error=0"});
  std::remove(bin.c_str());
  std::remove(src.c_str());
  rmdir(dir.c_str());
  const std::string apt_rt = "sudo apt-get install libclang-rt-" + std::to_string(llvm_major()) +
                             "-dev (the ThreadSanitizer runtime)";
  if (build.exit_code != 0) {
    out.push_back(
        {"problem", what,
         "cannot build a program with " + cxx + " -fsanitize=thread: " + first_error(build.output),
         apt_rt});
    return false;
  }
  *mapping_error = run.output.find("unexpected memory mapping") != std::string::npos;
  const bool reported = run.output.find("WARNING: ThreadSanitizer: data race") != std::string::npos;
  if (run.exit_code == 66 && reported) {
    out.push_back(
        {"ok", what, "a racy probe built with " + base_name(cxx) + " reported its data race", ""});
    return true;
  }
  std::string fix = *mapping_error ? "sudo sysctl vm.mmap_rnd_bits=28, or run under setarch -R "
                                     "(setarch -R bash, then work in that shell)"
                                   : "see docs/workshop/instructor/troubleshooting.md";
  out.push_back({"problem", what,
                 "a racy probe " +
                     (reported ? "reported its race but exited " + std::to_string(run.exit_code)
                               : "exited " + std::to_string(run.exit_code) + " without a report") +
                     (run.output.find("FATAL:") != std::string::npos
                          ? ": " + first_line_with(run.output, "FATAL:")
                          : std::string()),
                 fix});
  return false;
}

// The exercises' and solutions' TSan builds, build/workshop/workshop-KIND-NN-name-STEM (or in
// RACELAB_WORKSHOP_BINS): one for each .cpp under docs/workshop/{exercises,solutions}/NN-name/.
void examine_exercises(std::vector<DoctorItem>& out, const Paths& paths) {
  const std::string build = parent_directory(executable_dir());
  const char* bins_env = std::getenv("RACELAB_WORKSHOP_BINS");
  const std::string bins = bins_env && *bins_env ? bins_env : build + "/workshop";
  const std::string workshop = paths.docs + "/workshop";
  int sources = 0, built = 0;
  std::string first_missing;
  for (const char* kind : {"exercises", "solutions"})
    for (const std::string& exercise : list_dir(workshop + "/" + kind))
      for (const std::string& file : list_dir(workshop + "/" + kind + "/" + exercise)) {
        if (file.size() < 5 || file.compare(file.size() - 4, 4, ".cpp") != 0)
          continue;
        ++sources;
        std::string bin =
            bins + "/workshop-" + kind + "-" + exercise + "-" + file.substr(0, file.size() - 4);
        if (file_exists(bin))
          ++built;
        else if (first_missing.empty())
          first_missing = bin;
      }
  if (sources == 0) {
    out.push_back({"problem", "workshop exercises", "none in " + workshop + "/exercises",
                   "work from a clone of the repository"});
    return;
  }
  const bool tree = file_exists(build + "/CMakeCache.txt");
  const std::string found = std::to_string(built) + " of " + std::to_string(sources) +
                            " built with ThreadSanitizer in " + bins;
  if (built == sources)
    out.push_back({"ok", "workshop exercises", found, ""});
  else
    out.push_back({"problem", "workshop exercises", found + " (missing: " + first_missing + ")",
                   tree ? "cmake --build " + build
                        : "build a clone: bash scripts/demo, then cmake --build build"});
}

} // namespace

std::vector<DoctorItem> examine_workshop(const Paths& paths) {
  std::vector<DoctorItem> out;
  const std::string cxx = examine_compiler(out);
  bool mapping_error = false;
  bool tsan_ok = examine_racy_probe(out, cxx, &mapping_error);
  examine_aslr(out, tsan_ok, mapping_error);
  examine_lint(out, paths);
  const std::vector<Sample> samples = discover_samples(paths);
  std::vector<DoctorItem> course;
  examine_course(course, paths, samples);
  for (const DoctorItem& i : course)
    if (i.what != "docs")
      out.push_back(i);
  examine_exercises(out, paths);
  return out;
}

std::vector<DoctorItem> examine_machine(const Paths& paths) {
  std::vector<DoctorItem> out;
  std::map<int, std::string> majors;
  examine_clang_tidy(out, majors);
  examine_plugins(out, majors);
  examine_lint(out, paths);
  const std::vector<Sample> samples = discover_samples(paths);
  bool mapping_error = false;
  bool tsan_ok = examine_tsan(out, samples, &mapping_error);
  examine_aslr(out, tsan_ok, mapping_error);
  examine_course(out, paths, samples);
  return out;
}

std::string format_doctor(const std::vector<DoctorItem>& items) {
  std::ostringstream s;
  for (const DoctorItem& i : items) {
    char status[16];
    std::snprintf(status, sizeof status, "%-8s", i.status.c_str());
    s << status << " " << i.what << ": " << i.found;
    if (!i.fix.empty())
      s << "; fix: " << i.fix;
    s << "\n";
  }
  return s.str();
}

} // namespace racelab
