#include "doctor.h"

#include "files.h"
#include "process.h"
#include "samples.h"
#include "text.h"
#include "toolchain.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

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

} // namespace

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
