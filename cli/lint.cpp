#include "lint.h"

#include "process.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <dirent.h>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace racelab {

const std::vector<CheckInfo>& racelab_checks() {
  static const std::vector<CheckInfo> c = {
      {"racelab-context-escape", "ContextEscape",
       "The original request context reaches a thread that may outlive the request."},
      {"racelab-context-view-escape", "ContextViewEscape",
       "A view (string_view, span, const char*) into the request context reaches a thread that "
       "may outlive the request."},
      {"racelab-unsynchronized-shared-write", "UnsynchronizedSharedWrite",
       "A spawned thread writes shared, non-atomic state with no lock held."},
      {"racelab-atomic-split-update", "AtomicSplitUpdate",
       "A read-modify-write of a std::atomic is split into a load and a store: updates are lost "
       "and ThreadSanitizer cannot see it."},
  };
  return c;
}

namespace {

bool is_source(const std::string& f) {
  for (const char* ext : {".cpp", ".cc", ".cxx", ".c++", ".C"})
    if (f.size() > std::strlen(ext) &&
        f.compare(f.size() - std::strlen(ext), std::string::npos, ext) == 0)
      return true;
  return false;
}

void walk(const std::string& dir, std::vector<std::string>& out) {
  DIR* d = opendir(dir.c_str());
  if (!d)
    return;
  std::vector<std::string> names;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.')
      names.emplace_back(e->d_name);
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& n : names) {
    std::string p = dir + "/" + n;
    if (is_directory(p))
      walk(p, out);
    else if (is_source(p))
      out.push_back(p);
  }
}

std::string absolute(const std::string& p) {
  if (!p.empty() && p[0] == '/')
    return p;
  char buf[4096];
  return std::string(getcwd(buf, sizeof buf) ? buf : ".") + "/" + p;
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

struct FileResult {
  std::vector<Finding> findings;
  std::vector<std::string> errors;
  double seconds = 0;
};

FileResult lint_one(const Paths& paths, const LintOptions& o, const std::string& file) {
  FileResult r;
  char tmpl[] = "/tmp/racelab-fixes-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd >= 0)
    close(fd);
  std::vector<std::string> argv{paths.clang_tidy, "--load=" + paths.plugin, "--checks=" + o.checks,
                                "--quiet", std::string("--export-fixes=") + tmpl};
  if (!o.build_dir.empty())
    argv.push_back("-p=" + o.build_dir);
  argv.push_back(file);
  if (o.build_dir.empty()) {
    argv.push_back("--");
    argv.insert(argv.end(), o.extra_args.begin(), o.extra_args.end());
  }
  ProcessResult p = run_process(argv);
  r.seconds = p.seconds;
  static const std::regex diag_re(
      R"(^(.+?):(\d+):(\d+): (warning|error|note): (.*?)(?: \[([A-Za-z0-9_.,-]+)\])?$)");
  // clang-tidy prints paths as the compile command spells them: make them absolute, against the
  // linted file's directory (where a database's relative "file" usually lives).
  const std::string file_dir = file.substr(0, file.rfind('/'));
  auto full = [&](const std::string& p) {
    if (p.empty() || p[0] == '/')
      return p;
    if (p == file.substr(file.rfind('/') + 1))
      return file;
    return file_dir + "/" + p;
  };
  std::istringstream in(p.output);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, diag_re))
      continue;
    std::string level = m[4], msg = m[5], check = m[6];
    const std::string where = full(m[1]);
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
    if (check.rfind("racelab-", 0) != 0)
      continue;
    r.findings.push_back({where, std::stoi(m[2]), std::stoi(m[3]), level, msg, check, {}, {}});
  }
  if (p.exit_code == -1)
    r.errors.push_back(p.output);
  // Fix-its from --export-fixes, matched to findings by check and message.
  try {
    YAML::Node doc = YAML::LoadFile(tmpl);
    for (const YAML::Node& d : doc["Diagnostics"]) {
      std::string check = d["DiagnosticName"].as<std::string>("");
      std::string msg = d["DiagnosticMessage"]["Message"].as<std::string>("");
      for (Finding& f : r.findings) {
        if (f.check != check || f.message != msg || !f.fixes.empty())
          continue;
        for (const YAML::Node& rep : d["DiagnosticMessage"]["Replacements"]) {
          Replacement x;
          x.file = full(rep["FilePath"].as<std::string>());
          std::size_t off = rep["Offset"].as<std::size_t>();
          std::size_t len = rep["Length"].as<std::size_t>();
          std::string text = read_file(x.file);
          std::tie(x.line, x.column) = line_col(text, off);
          std::tie(x.end_line, x.end_column) = line_col(text, off + len);
          x.text = rep["ReplacementText"].as<std::string>("");
          f.fixes.push_back(x);
        }
        break;
      }
    }
  } catch (const std::exception&) {
    // No fixes file (nothing to fix) or an unreadable one: the findings stand without fix-its.
  }
  std::remove(tmpl);
  return r;
}

} // namespace

LintRun run_lint(const Paths& paths, const LintOptions& o) {
  LintRun run;
  if (!file_exists(paths.plugin)) {
    run.errors.push_back("the racelab plugin was not found at " + paths.plugin +
                         " (build it: cmake --build build --target RacelabTidy; or set "
                         "RACELAB_PLUGIN)");
    return run;
  }
  ProcessResult v = run_process({paths.clang_tidy, "--version"});
  std::smatch m;
  static const std::regex ver_re(R"(LLVM version (\d+)\.)");
  if (v.exit_code != 0 || !std::regex_search(v.output, m, ver_re)) {
    run.errors.push_back("cannot run " + paths.clang_tidy + " (install clang-tidy-" +
                         std::to_string(llvm_major()) + ", or set RACELAB_CLANG_TIDY)");
    return run;
  }
  if (std::stoi(m[1]) != llvm_major()) {
    run.errors.push_back(paths.clang_tidy + " is LLVM " + std::string(m[1]) +
                         ", but the plugin was built for LLVM " + std::to_string(llvm_major()) +
                         ": a plugin only loads into the clang-tidy of its own major");
    return run;
  }

  std::vector<std::string> files;
  if (!o.build_dir.empty()) {
    std::string db = o.build_dir + "/compile_commands.json";
    bool ok = false;
    std::string text = read_file(db, &ok);
    if (!ok) {
      run.errors.push_back("no compile database at " + db +
                           " (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
      return run;
    }
    if (o.paths.empty()) {
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded() || !j.is_array()) {
        run.errors.push_back(db + " is not a JSON array of compile commands");
        return run;
      }
      for (const auto& e : j) {
        std::string f = e.value("file", "");
        if (!f.empty() && f[0] != '/')
          f = e.value("directory", "") + "/" + f;
        if (!f.empty() && std::find(files.begin(), files.end(), f) == files.end())
          files.push_back(f);
      }
    }
  }
  for (const std::string& p : o.paths) {
    if (is_directory(p)) {
      walk(p, files);
    } else if (file_exists(p) && access(p.c_str(), R_OK) == 0) {
      files.push_back(absolute(p));
    } else {
      run.errors.push_back("cannot read " + p);
    }
  }
  if (!run.errors.empty())
    return run;
  if (files.empty()) {
    run.errors.push_back(o.build_dir.empty() && o.paths.empty()
                             ? "nothing to lint: give files or directories, or -p BUILD_DIR"
                             : "no C++ source files found");
    return run;
  }

  std::vector<FileResult> results(files.size());
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::mutex progress_mu;
  unsigned jobs = o.jobs > 0 ? unsigned(o.jobs) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < std::min<std::size_t>(jobs, files.size()); ++w)
    workers.emplace_back([&] {
      for (std::size_t i; (i = next++) < files.size();) {
        results[i] = lint_one(paths, o, files[i]);
        int n = ++done;
        if (o.progress) {
          char secs[32];
          std::snprintf(secs, sizeof secs, "%.1f s", results[i].seconds);
          std::lock_guard lock(progress_mu);
          o.progress("[" + std::to_string(n) + "/" + std::to_string(files.size()) + "] " +
                     files[i] + " (" + secs + ", " + std::to_string(results[i].findings.size()) +
                     " finding" + (results[i].findings.size() == 1 ? "" : "s") + ")");
        }
      }
    });
  for (auto& t : workers)
    t.join();
  run.files = int(files.size());
  for (auto& r : results) {
    for (auto& f : r.findings)
      run.findings.push_back(std::move(f));
    for (auto& e : r.errors)
      run.errors.push_back(std::move(e));
  }
  // A header seen from several files reports the same finding several times: once is enough.
  std::sort(run.findings.begin(), run.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.line, a.column, a.check) <
           std::tie(b.file, b.line, b.column, b.check);
  });
  run.findings.erase(std::unique(run.findings.begin(), run.findings.end(),
                                 [](const Finding& a, const Finding& b) {
                                   return a.file == b.file && a.line == b.line &&
                                          a.column == b.column && a.check == b.check;
                                 }),
                     run.findings.end());
  return run;
}

std::string format_text(const LintRun& run) {
  std::ostringstream out;
  for (const Finding& f : run.findings) {
    out << f.file << ":" << f.line << ":" << f.column << ": " << f.level << ": " << f.message
        << " [" << f.check << "]\n";
    for (const Note& n : f.notes)
      out << n.file << ":" << n.line << ":" << n.column << ": note: " << n.message << "\n";
  }
  out << run.findings.size() << " finding" << (run.findings.size() == 1 ? "" : "s") << " in "
      << run.files << " file" << (run.files == 1 ? "" : "s") << "\n";
  return out.str();
}

namespace {
nlohmann::json location_json(const std::string& file, int line, int col) {
  return {{"file", file}, {"line", line}, {"column", col}};
}
} // namespace

std::string format_json(const LintRun& run) {
  nlohmann::json j;
  j["files"] = run.files;
  j["findings"] = nlohmann::json::array();
  for (const Finding& f : run.findings) {
    nlohmann::json x = location_json(f.file, f.line, f.column);
    x["check"] = f.check;
    x["level"] = f.level;
    x["message"] = f.message;
    x["notes"] = nlohmann::json::array();
    for (const Note& n : f.notes) {
      auto nj = location_json(n.file, n.line, n.column);
      nj["message"] = n.message;
      x["notes"].push_back(nj);
    }
    x["fixes"] = nlohmann::json::array();
    for (const Replacement& r : f.fixes)
      x["fixes"].push_back({{"file", r.file},
                            {"line", r.line},
                            {"column", r.column},
                            {"end_line", r.end_line},
                            {"end_column", r.end_column},
                            {"text", r.text}});
    j["findings"].push_back(x);
  }
  j["errors"] = run.errors;
  return j.dump(2) + "\n";
}

std::string format_sarif(const LintRun& run, const std::string& docs_base,
                         const std::string& source_root) {
  std::string root = source_root;
  if (!root.empty() && root.back() != '/')
    root += '/';
  auto artifact = [&](const std::string& file) {
    nlohmann::json a;
    if (!root.empty() && file.rfind(root, 0) == 0) {
      a["uri"] = file.substr(root.size());
      a["uriBaseId"] = "%SRCROOT%";
    } else {
      a["uri"] = "file://" + file;
    }
    return a;
  };
  auto physical = [&](const std::string& file, int line, int col) {
    return nlohmann::json{{"artifactLocation", artifact(file)},
                          {"region", {{"startLine", line}, {"startColumn", col}}}};
  };
  nlohmann::json rules = nlohmann::json::array();
  std::vector<std::string> ids;
  for (const CheckInfo& c : racelab_checks()) {
    ids.push_back(c.id);
    std::string help = docs_base + "/checks/" + c.id + ".md";
    rules.push_back({{"id", c.id},
                     {"name", c.name},
                     {"shortDescription", {{"text", c.summary}}},
                     {"fullDescription", {{"text", c.summary}}},
                     {"helpUri", help},
                     {"help",
                      {{"text", std::string(c.summary) + " See " + help},
                       {"markdown", std::string(c.summary) + " [Documentation](" + help + ")"}}},
                     {"defaultConfiguration", {{"level", "warning"}}}});
  }
  nlohmann::json results = nlohmann::json::array();
  for (const Finding& f : run.findings) {
    nlohmann::json r;
    r["ruleId"] = f.check;
    auto it = std::find(ids.begin(), ids.end(), f.check);
    if (it != ids.end())
      r["ruleIndex"] = it - ids.begin();
    r["level"] = f.level == "error" ? "error" : "warning";
    r["message"] = {{"text", f.message}};
    r["locations"] =
        nlohmann::json::array({{{"physicalLocation", physical(f.file, f.line, f.column)}}});
    if (!f.notes.empty()) {
      r["relatedLocations"] = nlohmann::json::array();
      int id = 0;
      for (const Note& n : f.notes)
        r["relatedLocations"].push_back({{"id", id++},
                                         {"physicalLocation", physical(n.file, n.line, n.column)},
                                         {"message", {{"text", n.message}}}});
    }
    if (!f.fixes.empty()) {
      nlohmann::json changes = nlohmann::json::array();
      for (const Replacement& x : f.fixes)
        changes.push_back(
            {{"artifactLocation", artifact(x.file)},
             {"replacements", nlohmann::json::array({{{"deletedRegion",
                                                       {{"startLine", x.line},
                                                        {"startColumn", x.column},
                                                        {"endLine", x.end_line},
                                                        {"endColumn", x.end_column}}},
                                                      {"insertedContent", {{"text", x.text}}}}})}});
      r["fixes"] =
          nlohmann::json::array({{{"description", {{"text", "Apply the fix-it of " + f.check}}},
                                  {"artifactChanges", changes}}});
    }
    results.push_back(r);
  }
  nlohmann::json driver = {{"name", "racelab"},
                           {"version", RACELAB_VERSION},
                           {"informationUri", docs_base + "/checks/README.md"},
                           {"rules", rules}};
  nlohmann::json runj = {{"tool", {{"driver", driver}}}, {"results", results}};
  if (!root.empty())
    runj["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file://" + root}}}};
  nlohmann::json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                          {"version", "2.1.0"},
                          {"runs", nlohmann::json::array({runj})}};
  return sarif.dump(2) + "\n";
}

} // namespace racelab
