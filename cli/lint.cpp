#include "lint.h"

#include "changed.h"
#include "files.h"
#include "process.h"
#include "text.h"
#include "worker_pool.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace racelab {

namespace {

bool is_source(const std::string& f) {
  for (const char* ext : {".cpp", ".cc", ".cxx", ".c++", ".C"})
    if (f.size() > std::strlen(ext) &&
        f.compare(f.size() - std::strlen(ext), std::string::npos, ext) == 0)
      return true;
  return false;
}

// Line and column (1-based) of a byte offset in a file's text.
std::pair<int, int> line_col(const std::string& text, std::size_t offset) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

// clang-tidy prints paths as the compile command spells them: make them absolute, against the
// linted file's directory (where a database's relative "file" usually lives).
std::string full_path(const std::string& linted, const std::string& p) {
  if (p.empty() || p[0] == '/')
    return p;
  if (p == base_name(linted))
    return linted;
  // "./shared.h" from a file of /p is /p/shared.h, not /p/./shared.h.
  return std::filesystem::path(linted.substr(0, linted.rfind('/')) + "/" + p)
      .lexically_normal()
      .string();
}

struct FileResult {
  std::vector<Finding> findings;
  std::vector<std::string> errors;
  double seconds = 0;
};

std::vector<std::string> clang_tidy_argv(const Paths& paths, const LintOptions& o,
                                         const std::string& file, const std::string& fixes_file) {
  std::vector<std::string> argv{paths.clang_tidy, "--load=" + paths.plugin, "--checks=" + o.checks,
                                "--quiet", "--export-fixes=" + fixes_file};
  if (!o.build_dir.empty())
    argv.push_back("-p=" + o.build_dir);
  argv.push_back(file);
  if (o.build_dir.empty()) {
    argv.push_back("--");
    argv.insert(argv.end(), o.extra_args.begin(), o.extra_args.end());
  }
  return argv;
}

// clang-tidy's diagnostics: findings with their notes; compile errors as tool errors.
void read_diagnostics(const std::string& output, const std::string& file, FileResult& r) {
  static const std::regex diag_re(
      R"(^(.+?):(\d+):(\d+): (warning|error|note): (.*?)(?: \[([A-Za-z0-9_.,-]+)\])?$)");
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, diag_re))
      continue;
    std::string level = m[4], msg = m[5], check = m[6];
    const std::string where = full_path(file, m[1]);
    if (level == "note") {
      if (!r.findings.empty() && msg.rfind("FIX-IT", 0) != 0)
        r.findings.back().notes.push_back({where, std::stoi(m[2]), std::stoi(m[3]), msg});
      continue;
    }
    if (level == "error") {
      r.errors.push_back("clang-tidy could not compile " + file + ": " + std::string(m[1]) + ":" +
                         std::string(m[2]) + ": " + msg);
      continue;
    }
    // Findings of the checks --checks enables (racelab-* unless told otherwise); the compile
    // command's own warnings (clang-diagnostic-*) are the compiler's business, not lint's.
    if (check.empty() || check.rfind("clang-diagnostic-", 0) == 0)
      continue;
    r.findings.push_back({where, std::stoi(m[2]), std::stoi(m[3]), level, msg, check, {}, {}});
  }
}

// One replacement of --export-fixes (a byte offset and length) as lines and columns.
Replacement read_replacement(const YAML::Node& rep, const std::string& file) {
  Replacement x;
  x.file = full_path(file, rep["FilePath"].as<std::string>());
  std::size_t off = rep["Offset"].as<std::size_t>();
  std::size_t len = rep["Length"].as<std::size_t>();
  std::string text = read_file(x.file);
  std::tie(x.line, x.column) = line_col(text, off);
  std::tie(x.end_line, x.end_column) = line_col(text, off + len);
  x.text = rep["ReplacementText"].as<std::string>("");
  return x;
}

} // namespace

// Fix-its from --export-fixes, matched to findings by check and message.
void read_fixes(const std::string& fixes_file, const std::string& file,
                std::vector<Finding>& findings) {
  try {
    YAML::Node doc = YAML::LoadFile(fixes_file);
    for (const YAML::Node& d : doc["Diagnostics"]) {
      std::string check = d["DiagnosticName"].as<std::string>("");
      std::string msg = d["DiagnosticMessage"]["Message"].as<std::string>("");
      for (Finding& f : findings) {
        if (f.check != check || f.message != msg || !f.fixes.empty())
          continue;
        for (const YAML::Node& rep : d["DiagnosticMessage"]["Replacements"])
          f.fixes.push_back(read_replacement(rep, file));
        break;
      }
    }
  } catch (const std::exception&) {
    // No fixes file (nothing to fix) or an unreadable one: the findings stand without fix-its.
  }
}

namespace {

// The end of a crashed clang-tidy's output, where LLVM prints the stack and the failing check.
std::string last_lines(const std::string& text, int n) {
  size_t at = text.size();
  while (n-- > 0 && at > 0) {
    size_t nl = text.rfind('\n', at - 1);
    at = nl == std::string::npos ? 0 : nl;
  }
  return text.substr(at == 0 ? 0 : at + 1);
}

FileResult lint_one(const Paths& paths, const LintOptions& o, const std::string& file) {
  FileResult r;
  char fixes_file[] = "/tmp/racelab-fixes-XXXXXX";
  int fd = mkstemp(fixes_file);
  if (fd >= 0)
    close(fd);
  ProcessResult p = run_process(clang_tidy_argv(paths, o, file, fixes_file));
  r.seconds = p.seconds;
  read_diagnostics(p.output, file, r);
  if (p.exit_code == -1)
    r.errors.push_back(p.output);
  else if (p.exit_code > 128) // killed by a signal: a crash is never "no findings"
    r.errors.push_back("clang-tidy crashed (signal " + std::to_string(p.exit_code - 128) + ") on " +
                       file + "; its last output:\n" + last_lines(p.output, 12));
  read_fixes(fixes_file, file, r.findings);
  std::remove(fixes_file);
  return r;
}

// What keeps any file from being linted: no clang-tidy and plugin that fit (toolchain.h), or no
// plugin where RACELAB_PLUGIN says.
std::string toolchain_error(const Paths& paths) {
  if (!paths.toolchain_error.empty())
    return paths.toolchain_error;
  if (!file_exists(paths.plugin))
    return "the racelab plugin was not found at " + paths.plugin +
           " (build it: cmake --build build --target RacelabTidy; or set RACELAB_PLUGIN)";
  return {};
}

// Reads -p's database and adds its files to `files`. Returns an error.
std::string read_database(const std::string& build_dir, std::vector<std::string>& files) {
  std::string db = build_dir + "/compile_commands.json";
  bool ok = false;
  std::string text = read_file(db, &ok);
  if (!ok)
    return "no compile database at " + db + " (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return db + " is not a JSON array of compile commands";
  for (const auto& e : j) {
    std::string f = e.value("file", "");
    if (!f.empty() && f[0] != '/')
      f = e.value("directory", "") + "/" + f;
    if (!f.empty() && std::find(files.begin(), files.end(), f) == files.end())
      files.push_back(f);
  }
  return {};
}

// Given files that -p's database does not compile (a header, a source the build leaves out, as
// pre-commit passes them): the database's files that include them are linted instead, and
// stderr says so.
void add_includers(const LintOptions& o, const std::vector<std::string>& database,
                   const std::vector<std::string>& outside, std::vector<std::string>& files) {
  std::vector<std::string> canonical;
  for (const std::string& f : outside)
    canonical.push_back(real_path(f));
  std::set<std::string> seen;
  for (const std::string& f : files)
    seen.insert(real_path(f));
  std::size_t count = 0;
  for (const std::string& f : affected_files(database, o.build_dir, canonical, o.jobs)) {
    ++count;
    if (seen.insert(real_path(f)).second)
      files.push_back(f);
  }
  const bool one = outside.size() == 1;
  std::string note = "racelab lint: " + join(outside, ", ") + (one ? " is" : " are") + " not in " +
                     o.build_dir + "/compile_commands.json: ";
  if (count == 0)
    note += std::string("none of its files includes ") + (one ? "it" : "them") + ", skipped";
  else
    note += "linting its " + std::to_string(count) +
            (count == 1 ? " file that includes " : " files that include ") + (one ? "it" : "them");
  if (o.progress)
    o.progress(note);
}

// The files to lint, from the database and the given paths; what cannot be read goes to
// `errors`, and then nothing is linted. With -p, given files stand for the database's files
// among them and for those that include the others (add_includers).
std::vector<std::string> files_to_lint(const LintOptions& o, std::vector<std::string>& errors) {
  std::vector<std::string> files, database, outside;
  if (!o.build_dir.empty()) {
    if (std::string error = read_database(o.build_dir, database); !error.empty()) {
      errors.push_back(error);
      return {};
    }
    if (o.paths.empty())
      files = database;
  }
  std::set<std::string> compiled;
  for (const std::string& f : database)
    compiled.insert(real_path(f));
  for (const std::string& p : o.paths) {
    if (is_directory(p))
      find_files(p, is_source, files);
    else if (!file_exists(p) || access(p.c_str(), R_OK) != 0)
      errors.push_back("cannot read " + p);
    else if (o.build_dir.empty() || compiled.count(real_path(p)))
      files.push_back(absolute_path(p));
    else
      outside.push_back(p);
  }
  if (errors.empty() && !outside.empty())
    add_includers(o, database, outside, files);
  if (errors.empty() && files.empty() && outside.empty())
    errors.push_back(o.build_dir.empty() && o.paths.empty()
                         ? "nothing to lint: give files or directories, or -p BUILD_DIR"
                         : "no C++ source files found");
  return files;
}

// The files of this run: those of the paths or database, then only those a change affects, then
// only this shard's.
std::vector<std::string> select_files(const LintOptions& o, std::vector<std::string>& errors) {
  std::vector<std::string> files = files_to_lint(o, errors);
  if (!errors.empty())
    return {};
  if (!o.changed_since.empty()) {
    if (o.build_dir.empty()) {
      errors.push_back("--changed-since needs -p BUILD_DIR: the compile commands tell which "
                       "headers each file includes");
      return {};
    }
    std::vector<std::string> changed;
    if (std::string error = changed_files(o.changed_since, changed); !error.empty()) {
      errors.push_back(error);
      return {};
    }
    files = affected_files(files, o.build_dir, changed, o.jobs);
  }
  return shard_files(files, o.shard);
}

std::string progress_line(std::size_t done, std::size_t total, const std::string& file,
                          const FileResult& r) {
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f s", r.seconds);
  return "[" + std::to_string(done) + "/" + std::to_string(total) + "] " + file + " (" + secs +
         ", " + std::to_string(r.findings.size()) + " finding" +
         (r.findings.size() == 1 ? "" : "s") + ")";
}

// Every file's findings and errors, in file order; a header seen from several files reports the
// same finding several times: once is enough.
void collect(LintRun& run, std::vector<FileResult>& results) {
  for (auto& r : results) {
    for (auto& f : r.findings)
      run.findings.push_back(std::move(f));
    for (auto& e : r.errors)
      run.errors.push_back(std::move(e));
  }
  auto key = [](const Finding& f) { return std::tie(f.file, f.line, f.column, f.check); };
  std::sort(run.findings.begin(), run.findings.end(),
            [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  run.findings.erase(
      std::unique(run.findings.begin(), run.findings.end(),
                  [&](const Finding& a, const Finding& b) { return key(a) == key(b); }),
      run.findings.end());
}

} // namespace

LintRun run_lint(const Paths& paths, const LintOptions& o) {
  LintRun run;
  if (std::string error = toolchain_error(paths); !error.empty()) {
    run.errors.push_back(error);
    return run;
  }
  const std::vector<std::string> files = select_files(o, run.errors);
  if (!run.errors.empty())
    return run;
  run.linted = files;
  std::vector<FileResult> results(files.size());
  run_on_workers(
      files.size(), o.jobs, [&](std::size_t i) { results[i] = lint_one(paths, o, files[i]); },
      [&](std::size_t i, std::size_t done) {
        if (o.progress)
          o.progress(progress_line(done, files.size(), files[i], results[i]));
      });
  run.files = int(files.size());
  collect(run, results);
  return run;
}

} // namespace racelab
