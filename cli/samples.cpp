#include "samples.h"

#include "files.h"
#include "messages.h"
#include "process.h"
#include "text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <sstream>
#include <utility>

namespace racelab {

namespace {

// The directive comments of a sample's source, as the tour reads them. The test harness reads
// the same comments with tests/samples/sample_directives.py, which states the grammar; the two
// stay separate because the harness also runs in the tsan preset, where this CLI is not built,
// and because the tests should judge the samples without trusting the tool they test.
//   // CHECK: … racy.cpp:N:…   (and CHECK-NEXT) a line the report must name
//   // LINT: check@N …         the linter's findings, exactly
//   // ARGS: a b               the program's arguments (split at whitespace)
//   // TSAN_OPTIONS: k=v …     added to the pinned options
//   // TSAN: silent            a racy program whose race ThreadSanitizer cannot see
// ARGS and TSAN_OPTIONS: the first such line counts, its value trimmed.
void read_directives(const std::string& text, SampleProgram& p, bool& tsan_silent) {
  static const std::regex check_line(R"(^//\s*CHECK(?:-NEXT)?:.*racy\.cpp:(\d+):)");
  static const std::regex lint_line(R"(^//\s*LINT:(.*)$)");
  static const std::regex args_line(R"(^//\s*ARGS:(.*)$)");
  static const std::regex opts_line(R"(^//\s*TSAN_OPTIONS:(.*)$)");
  static const std::regex silent_line(R"(^//\s*TSAN: silent)");
  bool have_args = false, have_opts = false;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, check_line))
      p.check_lines.push_back(std::stoi(m[1]));
    else if (std::regex_match(line, m, lint_line))
      for (const std::string& item : words(m.str(1))) {
        auto at = item.find('@');
        if (at != std::string::npos)
          p.lint.emplace_back(item.substr(0, at), std::stoi(item.substr(at + 1)));
      }
    else if (std::regex_match(line, m, args_line) && !std::exchange(have_args, true))
      p.args = words(m.str(1));
    else if (std::regex_match(line, m, opts_line) && !std::exchange(have_opts, true))
      p.tsan_options = trim(m.str(1));
    else if (std::regex_search(line, silent_line))
      tsan_silent = true;
  }
  std::sort(p.check_lines.begin(), p.check_lines.end());
  p.check_lines.erase(std::unique(p.check_lines.begin(), p.check_lines.end()), p.check_lines.end());
}

SampleProgram read_program(const std::string& source, const std::string& sample_name,
                           const std::string& variant, const Paths& paths) {
  SampleProgram p;
  p.variant = variant;
  p.source = source;
  p.binary = paths.sample_bins + "/sample-" + sample_name + "-" + variant;
  p.racy = variant.rfind("racy", 0) == 0;
  bool silent = false;
  read_directives(read_file(source), p, silent);
  p.tsan_reports = p.racy && !silent;
  return p;
}

Lesson read_lesson(const std::string& dir, const std::string& name) {
  Lesson lesson;
  bool ok = false;
  std::string text = read_file(dir + "/lesson.json", &ok);
  if (ok) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_discarded()) {
      lesson.title = lesson.title_en = j.value("title", name);
      lesson.what_happened = j.value("what_happened", "");
      lesson.cure = j.value("cure", "");
      lesson.page = j.value("page", "");
      // The translation, when the lesson has one: its keys replace the English ones.
      const auto translated = j.find(lang_tag(language()));
      if (translated != j.end() && translated->is_object()) {
        lesson.title = translated->value("title", lesson.title);
        lesson.what_happened = translated->value("what_happened", lesson.what_happened);
        lesson.cure = translated->value("cure", lesson.cure);
        lesson.page = translated->value("page", lesson.page);
      }
    }
  }
  if (lesson.title.empty())
    lesson.title = lesson.title_en = name;
  return lesson;
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
    s.lesson = read_lesson(dir, name);
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
  // RACELAB_PINNED_TSAN_OPTIONS comes from tests/samples/pinned_tsan_options.txt, the file the
  // test harness pins from too (see cli/CMakeLists.txt).
  std::string o = RACELAB_PINNED_TSAN_OPTIONS;
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
    return file.rfind("/usr/", 0) == 0 || file.find("sanitizer") != std::string::npos ||
           base_name(file).rfind("tsan_", 0) == 0;
  };
  for (const Frame& f : stack)
    if (!f.file.empty() && !runtime(f.file))
      return &f;
  return stack.empty() ? nullptr : &stack.front();
}

} // namespace racelab
