#include "samples.h"

#include "process.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <dirent.h>
#include <regex>
#include <sstream>

namespace racelab {

namespace {

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.')
        out.emplace_back(e->d_name);
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

SampleProgram read_program(const std::string& source, const std::string& sample_name,
                           const std::string& variant, const Paths& paths) {
  SampleProgram p;
  p.variant = variant;
  p.source = source;
  p.binary = paths.sample_bins + "/sample-" + sample_name + "-" + variant;
  p.racy = variant.rfind("racy", 0) == 0;
  std::string text = read_file(source);
  static const std::regex check_line(R"(^//\s*CHECK(?:-NEXT)?:.*racy\.cpp:(\d+):)");
  static const std::regex lint_line(R"(^//\s*LINT:\s*(.*)$)");
  static const std::regex args_line(R"(^//\s*ARGS:\s*(.*)$)");
  static const std::regex opts_line(R"(^//\s*TSAN_OPTIONS:\s*(.*)$)");
  bool silent = false;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, check_line))
      p.check_lines.push_back(std::stoi(m[1]));
    else if (std::regex_match(line, m, lint_line))
      for (const std::string& item : words(m[1])) {
        auto at = item.find('@');
        if (at != std::string::npos)
          p.lint.emplace_back(item.substr(0, at), std::stoi(item.substr(at + 1)));
      }
    else if (std::regex_match(line, m, args_line))
      p.args = words(m[1]);
    else if (std::regex_match(line, m, opts_line))
      p.tsan_options = m[1];
    else if (line.rfind("// TSAN: silent", 0) == 0)
      silent = true;
  }
  std::sort(p.check_lines.begin(), p.check_lines.end());
  p.check_lines.erase(std::unique(p.check_lines.begin(), p.check_lines.end()), p.check_lines.end());
  p.tsan_reports = p.racy && !silent;
  return p;
}

} // namespace

std::vector<Sample> discover_samples(const Paths& paths) {
  std::vector<Sample> out;
  static const std::regex name_re(R"(^(\d\d)-.+$)");
  for (const std::string& name : list_dir(paths.samples)) {
    std::smatch m;
    std::string dir = paths.samples + "/" + name;
    if (!std::regex_match(name, m, name_re) || !is_directory(dir))
      continue;
    Sample s;
    s.number = m[1];
    s.name = name;
    s.dir = dir;
    bool ok = false;
    std::string lesson = read_file(dir + "/lesson.json", &ok);
    if (ok) {
      auto j = nlohmann::json::parse(lesson, nullptr, false);
      if (!j.is_discarded()) {
        s.lesson.title = j.value("title", name);
        s.lesson.what_happened = j.value("what_happened", "");
        s.lesson.cure = j.value("cure", "");
        s.lesson.page = j.value("page", "");
      }
    }
    if (s.lesson.title.empty())
      s.lesson.title = name;
    // Racy programs first, then the fixed twins, each group in name order.
    for (bool racy : {true, false})
      for (const std::string& f : list_dir(dir))
        if (f.size() > 4 && f.ends_with(".cpp") && (f.rfind("racy", 0) == 0) == racy)
          s.programs.push_back(read_program(dir + "/" + f, name, f.substr(0, f.size() - 4), paths));
    out.push_back(std::move(s));
  }
  return out;
}

std::string pinned_tsan_options(const SampleProgram& p) {
  std::string o = "halt_on_error=0 exitcode=66 atexit_sleep_ms=0 second_deadlock_stack=1";
  if (!p.tsan_options.empty())
    o += " " + p.tsan_options;
  return o;
}

TsanRun run_under_tsan(const SampleProgram& p) {
  std::vector<std::string> argv{p.binary};
  argv.insert(argv.end(), p.args.begin(), p.args.end());
  ProcessResult r = run_process(argv, {"TSAN_OPTIONS=" + pinned_tsan_options(p)});
  TsanRun t;
  t.exit_code = r.exit_code;
  t.seconds = r.seconds;
  t.output = std::move(r.output);
  t.log = parse_tsan_log(t.output);
  return t;
}

const Frame* telling_frame(const std::vector<Frame>& stack, const std::string& prefer_dir) {
  if (!prefer_dir.empty())
    for (const Frame& f : stack)
      if (f.file.find(prefer_dir) != std::string::npos)
        return &f;
  // Skip the system's headers and the sanitizer runtime's own sources (GCC names them).
  auto runtime = [](const std::string& file) {
    auto slash = file.rfind('/');
    std::string base = slash == std::string::npos ? file : file.substr(slash + 1);
    return file.rfind("/usr/", 0) == 0 || file.find("sanitizer") != std::string::npos ||
           base.rfind("tsan_", 0) == 0;
  };
  for (const Frame& f : stack)
    if (!f.file.empty() && !runtime(f.file))
      return &f;
  return stack.empty() ? nullptr : &stack.front();
}

} // namespace racelab
