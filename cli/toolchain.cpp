#include "toolchain.h"

#include "files.h"
#include "process.h"
#include "text.h"

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <sstream>

namespace racelab {

namespace {

// Majors tried after plain `clang-tidy`: the primary first, then newest to oldest.
constexpr int newest_major = 30, oldest_major = 10;

const char* env_value(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

// "clang-tidy-15" names major 15; so does a path with "/llvm-15/" in it. 0 otherwise.
int major_in_path(const std::string& path) {
  static const std::regex re(R"((?:clang-tidy-|llvm-)(\d+)(?:/|$))");
  std::smatch m;
  return std::regex_search(path, m, re) ? std::stoi(m[1]) : 0;
}

std::string install_hint() {
  return "install clang-tidy-" + std::to_string(llvm_major());
}

std::string no_plugin_error(const std::string& clang_tidy, int major) {
  std::vector<std::string> looked;
  plugin_for_major(major, &looked);
  std::string m = std::to_string(major);
  return clang_tidy + " is LLVM " + m + " and there is no racelab plugin for LLVM " + m +
         " (looked in " + join(looked) + "): build it with -DRACELAB_LLVM_VERSIONS=" + m + " or " +
         install_hint();
}

// The explicit plugin (RACELAB_PLUGIN): its major is the one its path names, else the primary.
void use_named_plugin(Paths& p, const std::string& plugin, const std::string& clang_tidy) {
  p.plugin = plugin;
  int want = major_in_path(plugin) ? major_in_path(plugin) : llvm_major();
  std::vector<std::string> candidates =
      clang_tidy.empty() ? clang_tidy_candidates() : std::vector<std::string>{clang_tidy};
  for (const std::string& c : candidates) {
    int major = clang_tidy_major(c);
    if (major == want || (!clang_tidy.empty() && major > 0)) {
      p.clang_tidy = c;
      p.clang_tidy_major = major;
      if (major != want)
        p.toolchain_error = c + " is LLVM " + std::to_string(major) + ", but RACELAB_PLUGIN (" +
                            plugin + ") is for LLVM " + std::to_string(want) +
                            ": a plugin only loads into the clang-tidy of its own major";
      return;
    }
  }
  p.toolchain_error =
      clang_tidy.empty()
          ? "no clang-tidy of LLVM " + std::to_string(want) + " for RACELAB_PLUGIN (" + plugin +
                "): install clang-tidy-" + std::to_string(want) + " or use --clang-tidy"
          : "cannot run " + clang_tidy + " (" + install_hint() + ", or name another)";
}

// --clang-tidy or RACELAB_CLANG_TIDY: that one, with its major's plugin or a one-line error.
void use_named_clang_tidy(Paths& p, const std::string& clang_tidy) {
  p.clang_tidy = clang_tidy;
  p.clang_tidy_major = clang_tidy_major(clang_tidy);
  if (p.clang_tidy_major == 0) {
    p.toolchain_error = "cannot run " + clang_tidy + " (" + install_hint() + ", or name another)";
    return;
  }
  p.plugin = plugin_for_major(p.clang_tidy_major);
  if (p.plugin.empty())
    p.toolchain_error = no_plugin_error(clang_tidy, p.clang_tidy_major);
}

// No choice made: the first clang-tidy of the machine that has a plugin.
void use_first_fitting(Paths& p) {
  std::string first;
  int first_major = 0;
  for (const std::string& c : clang_tidy_candidates()) {
    int major = clang_tidy_major(c);
    if (major == 0)
      continue;
    if (std::string plugin = plugin_for_major(major); !plugin.empty()) {
      p.clang_tidy = c;
      p.clang_tidy_major = major;
      p.plugin = plugin;
      return;
    }
    if (first.empty()) {
      first = c;
      first_major = major;
    }
  }
  p.toolchain_error =
      first.empty() ? "no clang-tidy found on PATH or in /usr/lib/llvm-N/bin: " + install_hint() +
                          " (or pass --clang-tidy PATH)"
                    : no_plugin_error(first, first_major);
}

} // namespace

int clang_tidy_major(const std::string& clang_tidy) {
  ProcessResult v = run_process({clang_tidy, "--version"});
  static const std::regex ver_re(R"(LLVM version (\d+)\.)");
  std::smatch m;
  if (v.exit_code != 0 || !std::regex_search(v.output, m, ver_re))
    return 0;
  return std::stoi(m[1]);
}

std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos)
    return file_exists(name) ? name : std::string();
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && file_exists(dir + "/" + name))
      return dir + "/" + name;
  return {};
}

std::vector<std::string> clang_tidy_candidates() {
  std::vector<std::string> out;
  auto add = [&](const std::string& path) {
    if (!path.empty() && std::find(out.begin(), out.end(), path) == out.end())
      out.push_back(path);
  };
  auto of_major = [](int m) {
    std::string on_path = find_program("clang-tidy-" + std::to_string(m));
    std::string llvm_bin = "/usr/lib/llvm-" + std::to_string(m) + "/bin/clang-tidy";
    return !on_path.empty() ? on_path : file_exists(llvm_bin) ? llvm_bin : std::string();
  };
  // The primary major first: the one racelab is built and tested for, whatever major a plain
  // `clang-tidy` happens to be (Debian 12's is 14), so that the same tree lints the same way
  // on every machine; then `clang-tidy` on PATH, then the other majors, newest first.
  add(of_major(llvm_major()));
  add(find_program("clang-tidy"));
  for (int m = newest_major; m >= oldest_major; --m)
    if (m != llvm_major())
      add(of_major(m));
  return out;
}

std::string plugin_for_major(int major, std::vector<std::string>* looked_in) {
  const std::string lib = parent_directory(executable_dir()) + "/lib";
  const std::string n = std::to_string(major);
  std::vector<std::string> places{lib + "/llvm-" + n, lib + "/racelab/llvm-" + n};
  if (major == llvm_major())
    places.push_back(lib);
  if (looked_in)
    *looked_in = places;
  for (const std::string& dir : places)
    if (file_exists(dir + "/libRacelabTidy.so"))
      return dir + "/libRacelabTidy.so";
  return {};
}

void choose_toolchain(Paths& paths, const std::string& clang_tidy) {
  std::string named = clang_tidy;
  if (named.empty() && env_value("RACELAB_CLANG_TIDY"))
    named = env_value("RACELAB_CLANG_TIDY");
  paths.toolchain_error.clear();
  if (const char* plugin = env_value("RACELAB_PLUGIN"))
    use_named_plugin(paths, plugin, named);
  else if (!named.empty())
    use_named_clang_tidy(paths, named);
  else
    use_first_fitting(paths);
}

} // namespace racelab
