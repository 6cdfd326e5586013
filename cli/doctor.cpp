#include "doctor.h"

#include "files.h"
#include "messages.h"
#include "process.h"
#include "samples.h"
#include "text.h"
#include "toolchain.h"

#include <algorithm>
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
    return tr(Msg::doc_build_hint, {prefix, target});
  return tr(Msg::doc_reinstall_hint, {target});
}

std::string apt_clang_tidy(int major) {
  return "sudo apt-get install clang-tidy-" + std::to_string(major);
}

// Every clang-tidy of the machine with its major; fills `majors` (major -> a program).
void examine_clang_tidy(std::vector<DoctorItem>& out, std::map<int, std::string>& majors) {
  for (const std::string& c : clang_tidy_candidates()) {
    int major = clang_tidy_major(c);
    if (major == 0) {
      out.push_back(
          {"note", base_name(c), tr(Msg::doc_does_not_run, {c}), tr(Msg::doc_reinstall_or_remove)});
      continue;
    }
    majors.emplace(major, c);
    out.push_back({"ok", base_name(c), tr(Msg::doc_llvm_at, {std::to_string(major), c}), ""});
  }
  if (majors.empty())
    out.push_back(
        {"problem", "clang-tidy", tr(Msg::doc_no_clang_tidy), apt_clang_tidy(llvm_major())});
}

// Each plugin next to racelab, and whether the clang-tidy that can load it is there.
void examine_plugins(std::vector<DoctorItem>& out, const std::map<int, std::string>& majors) {
  bool any = false;
  for (int m = oldest_major; m <= newest_major; ++m) {
    std::string plugin = plugin_for_major(m);
    if (plugin.empty())
      continue;
    any = true;
    std::string what = tr(Msg::doc_what_plugin, {std::to_string(m)});
    auto ct = majors.find(m);
    if (ct != majors.end())
      out.push_back({"ok", what, tr(Msg::doc_loaded_by, {plugin, ct->second}), ""});
    else
      out.push_back({"note", what, tr(Msg::doc_no_clang_tidy_for, {plugin, std::to_string(m)}),
                     tr(Msg::doc_to_use_it, {apt_clang_tidy(m)})});
  }
  if (!any)
    out.push_back({"problem", tr(Msg::doc_what_plugins),
                   tr(Msg::doc_no_plugin_under, {parent_directory(executable_dir())}),
                   build_hint("RacelabTidy")});
}

// What `racelab lint` and the tour will run, loaded for real: --list-checks names the checks.
void examine_lint(std::vector<DoctorItem>& out, const Paths& paths) {
  const std::string what = "racelab lint";
  if (!paths.toolchain_error.empty()) {
    out.push_back({"problem", what, paths.toolchain_error, tr(Msg::doc_follow_message)});
    return;
  }
  if (!file_exists(paths.plugin)) {
    out.push_back({"problem", what, tr(Msg::doc_plugin_not_found, {paths.plugin}),
                   tr(Msg::doc_or_fix_plugin, {build_hint("RacelabTidy")})});
    return;
  }
  ProcessResult r = run_process(
      {paths.clang_tidy, "--load=" + paths.plugin, "--checks=-*,racelab-*", "--list-checks"});
  if (r.exit_code != 0 || r.output.find("racelab-") == std::string::npos) {
    std::string first = r.output.substr(0, r.output.find('\n'));
    out.push_back({"problem", what,
                   tr(Msg::doc_cannot_load, {paths.clang_tidy, paths.plugin, first}),
                   tr(Msg::doc_use_same_major)});
    return;
  }
  out.push_back(
      {"ok", what,
       tr(Msg::doc_loads, {paths.clang_tidy, std::to_string(paths.clang_tidy_major), paths.plugin}),
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
    const std::string none = tr(Msg::doc_no_sample_built);
    out.push_back({"problem", what, probe ? tr(Msg::doc_missing, {none, probe->binary}) : none,
                   build_hint("racelab-tour")});
    return false;
  }
  TsanRun t = run_under_tsan(*probe);
  std::string fatal = first_line_with(t.output, "FATAL: ThreadSanitizer");
  *mapping_error = t.output.find("unexpected memory mapping") != std::string::npos;
  if (t.exit_code == 0 && fatal.empty()) {
    out.push_back({"ok", what, tr(Msg::doc_ran_clean, {base_name(probe->binary)}), ""});
    return true;
  }
  const std::string exited =
      tr(Msg::doc_exited, {base_name(probe->binary), std::to_string(t.exit_code)});
  out.push_back(
      {"problem", what, fatal.empty() ? exited : tr(Msg::doc_with_detail, {exited, fatal}),
       *mapping_error ? tr(Msg::doc_aslr_fix) : tr(Msg::doc_run_by_hand, {probe->binary})});
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
                 va.empty() ? tr(Msg::doc_unreadable)
                            : tr(va == "0" ? Msg::doc_aslr_off : Msg::doc_aslr_on, {va}),
                 ""});
  std::string bits = read_setting("/proc/sys/vm/mmap_rnd_bits");
  const std::string fix = tr(Msg::doc_aslr_fix);
  if (bits.empty()) {
    out.push_back({tsan_ok ? "ok" : "note", "vm.mmap_rnd_bits", tr(Msg::doc_root_only),
                   tsan_ok ? "" : tr(Msg::doc_if_tsan_fails, {fix})});
    return;
  }
  bool high = std::atoi(bits.c_str()) > 28;
  if (!high)
    out.push_back({"ok", "vm.mmap_rnd_bits", bits, ""});
  else if (tsan_ok)
    out.push_back({"note", "vm.mmap_rnd_bits", tr(Msg::doc_bits_high_ran, {bits}),
                   tr(Msg::doc_if_fails_later, {fix})});
  else
    out.push_back({mapping_error ? "problem" : "note", "vm.mmap_rnd_bits",
                   tr(Msg::doc_bits_high, {bits}), fix});
}

void examine_course(std::vector<DoctorItem>& out, const Paths& paths,
                    const std::vector<Sample>& samples) {
  if (samples.empty()) {
    out.push_back({"problem", tr(Msg::doc_what_samples), tr(Msg::doc_none_in, {paths.samples}),
                   tr(Msg::doc_samples_reinstall)});
  } else {
    int programs = 0, built = 0;
    for (const Sample& s : samples)
      for (const SampleProgram& p : s.programs) {
        ++programs;
        built += file_exists(p.binary) ? 1 : 0;
      }
    out.push_back({"ok", tr(Msg::doc_what_samples),
                   tr(Msg::doc_lessons_in, {std::to_string(samples.size()), paths.samples}), ""});
    out.push_back({built == programs ? "ok" : "problem", tr(Msg::doc_what_sample_programs),
                   tr(Msg::doc_built_in,
                      {std::to_string(built), std::to_string(programs), paths.sample_bins}),
                   built == programs ? "" : build_hint("racelab-tour")});
  }
  bool docs = file_exists(paths.docs + "/checks/README.md");
  out.push_back({docs ? "ok" : "note", tr(Msg::doc_what_docs),
                 docs ? paths.docs : tr(Msg::doc_not_found_at, {paths.docs}),
                 docs ? "" : tr(Msg::doc_docs_reinstall)});
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
    out.push_back({"problem", tr(Msg::doc_what_toolchain), tr(Msg::doc_does_not_run, {cxx}),
                   tr(Msg::doc_install_compiler, {std::to_string(llvm_major())})});
    return {};
  }
  out.push_back(
      {"ok", tr(Msg::doc_what_toolchain),
       tr(Msg::doc_compiler_version, {cxx, trim(r.output.substr(0, r.output.find('\n')))}), ""});
  return cxx;
}

// Builds the racy probe with -fsanitize=thread and runs it: ThreadSanitizer must report the race
// and exit 66. A runtime that cannot start (the "unexpected memory mapping" of high
// vm.mmap_rnd_bits) fails here, before the first exercise does.
bool examine_racy_probe(std::vector<DoctorItem>& out, const std::string& cxx, bool* mapping_error) {
  const std::string what = "ThreadSanitizer";
  if (cxx.empty()) {
    out.push_back({"problem", what, tr(Msg::doc_not_tried), tr(Msg::doc_fix_toolchain_first)});
    return false;
  }
  char dir_template[] = "/tmp/racelab-doctor-XXXXXX";
  if (!mkdtemp(dir_template)) {
    out.push_back({"problem", what, tr(Msg::doc_no_scratch), tr(Msg::doc_check_tmp)});
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
  const std::string apt_rt = tr(Msg::doc_install_rt, {std::to_string(llvm_major())});
  if (build.exit_code != 0) {
    out.push_back(
        {"problem", what, tr(Msg::doc_cannot_build, {cxx, first_error(build.output)}), apt_rt});
    return false;
  }
  *mapping_error = run.output.find("unexpected memory mapping") != std::string::npos;
  const bool reported = run.output.find("WARNING: ThreadSanitizer: data race") != std::string::npos;
  if (run.exit_code == 66 && reported) {
    out.push_back({"ok", what, tr(Msg::doc_probe_reported, {base_name(cxx)}), ""});
    return true;
  }
  std::string fix = tr(*mapping_error ? Msg::doc_probe_aslr_fix : Msg::doc_see_troubleshooting);
  const std::string exited =
      tr(reported ? Msg::doc_probe_exit_reported : Msg::doc_probe_exit_silent,
         {std::to_string(run.exit_code)});
  out.push_back({"problem", what,
                 run.output.find("FATAL:") != std::string::npos
                     ? tr(Msg::doc_with_detail, {exited, first_line_with(run.output, "FATAL:")})
                     : exited,
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
    out.push_back({"problem", tr(Msg::doc_what_exercises),
                   tr(Msg::doc_none_in, {workshop + "/exercises"}), tr(Msg::doc_work_from_clone)});
    return;
  }
  const bool tree = file_exists(build + "/CMakeCache.txt");
  const std::string found =
      tr(Msg::doc_built_in, {std::to_string(built), std::to_string(sources), bins});
  if (built == sources)
    out.push_back({"ok", tr(Msg::doc_what_exercises), found, ""});
  else
    out.push_back({"problem", tr(Msg::doc_what_exercises),
                   tr(Msg::doc_missing, {found, first_missing}),
                   tree ? "cmake --build " + build : tr(Msg::doc_build_clone)});
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
    if (i.what != tr(Msg::doc_what_docs))
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
    // The status in the user's language, padded to 8 columns (a Chinese word takes two a character).
    const std::string status = tr(i.status == "ok"     ? Msg::doc_ok
                                  : i.status == "note" ? Msg::doc_note
                                                       : Msg::doc_problem);
    s << status << std::string(8 - std::min<std::size_t>(8, display_width(status)), ' ') << " "
      << tr(Msg::doc_line, {i.what, i.found});
    if (!i.fix.empty())
      s << tr(Msg::doc_fix, {i.fix});
    s << "\n";
  }
  return s.str();
}

} // namespace racelab
