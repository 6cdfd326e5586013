#include "commands.h"

#include "doctor.h"
#include "explain.h"
#include "explain_html.h"
#include "files.h"
#include "go_tour.h"
#include "lint_formats.h"
#include "messages.h"
#include "samples.h"
#include "sarif_merge.h"
#include "table.h"
#include "text.h"
#include "tour.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace racelab {

namespace {

const Sample* find_sample(const std::vector<Sample>& samples, const std::string& id) {
  for (const Sample& s : samples)
    if (s.number == id || s.name == id || (id.size() == 1 && s.number == "0" + id))
      return &s;
  return nullptr;
}

std::string sample_names(const std::vector<Sample>& samples) {
  std::vector<std::string> numbers;
  for (const Sample& s : samples)
    numbers.push_back(s.number);
  return join(numbers);
}

// Sources named in a report are the paths they were compiled from; installed, the samples live
// elsewhere: look them up by their last two components.
std::function<std::string(const std::string&)> source_resolver(const Paths& paths) {
  return [samples = paths.samples](const std::string& file) -> std::string {
    if (file_exists(file))
      return file;
    auto slash = file.rfind('/');
    auto dir = slash == std::string::npos ? std::string::npos : file.rfind('/', slash - 1);
    if (dir != std::string::npos) {
      std::string candidate = samples + file.substr(dir);
      if (file_exists(candidate))
        return candidate;
    }
    return {};
  };
}

// The row of `racelab list` for one lesson.
std::vector<std::string> list_row(const Sample& s) {
  std::vector<std::string> programs, lint;
  std::string tsan = tr(Msg::tour_tsan_clean);
  bool built = true;
  for (const SampleProgram& p : s.programs) {
    programs.push_back(p.variant);
    built = built && file_exists(p.binary);
    if (p.racy) {
      tsan = tr(p.tsan_reports ? Msg::list_reports : Msg::tour_expect_silent);
      for (const auto& [check, line] : p.lint)
        lint.push_back(check);
    }
  }
  return {s.number,
          s.lesson.title,
          join(programs),
          tsan,
          lint.empty() ? tr(Msg::tour_expect_silent) : join(lint),
          tr(built ? Msg::list_yes : Msg::list_no)};
}

// The racy program, or with --fixed the fixed twin of that name (the first one without a name).
const SampleProgram* choose_program(const Sample& s, const RunArgs& a) {
  for (const SampleProgram& p : s.programs) {
    bool match = a.fixed ? (!p.racy && (a.fixed_name.empty() || p.variant == a.fixed_name ||
                                        p.variant == "fixed-" + a.fixed_name))
                         : p.racy;
    if (match)
      return &p;
  }
  return nullptr;
}

// What ran, how (so that it can be rerun by hand), what it printed and how it ended.
void print_run(const Sample& s, const SampleProgram& prog, const TsanRun& t) {
  std::cout << tr(Msg::run_header, {s.number, s.lesson.title, prog.variant, prog.source}) << "\n";
  std::cout << "$ TSAN_OPTIONS='" << pinned_tsan_options(prog) << "' " << prog.binary;
  for (const std::string& a : prog.args)
    std::cout << " " << a;
  std::cout << "\n";
  std::cout << tr(Msg::run_printed) << "\n";
  for (const std::string& line : t.log.other_lines)
    if (line.rfind("ThreadSanitizer: reported", 0) != 0)
      std::cout << "  " << line << "\n";
  std::ostringstream seconds;
  seconds << t.seconds;
  std::cout << tr(Msg::run_exit, {std::to_string(t.exit_code), seconds.str()}) << "\n\n";
}

// A sample's report is explained in its lesson's words, at the frames of its own directory.
ExplainOptions run_options(const Paths& paths, const Sample& s, const RunArgs& a) {
  ExplainOptions o;
  o.lesson = &s.lesson;
  o.prefer_dir = s.name + "/";
  o.resolve_source = source_resolver(paths);
  o.full_stacks = a.full_stacks;
  return o;
}

void explain_run(const Paths& paths, const Sample& s, const SampleProgram& prog, const TsanRun& t,
                 const RunArgs& a) {
  if (t.log.reports.empty()) {
    std::cout << tr(Msg::run_nothing) << "\n";
    if (prog.racy && !prog.tsan_reports)
      std::cout << tr(Msg::run_that_is_the_lesson, {s.lesson.what_happened}) << "\n"
                << tr(Msg::ex_cure, {s.lesson.cure}) << "\n"
                << tr(Msg::ex_read_more, {s.lesson.page}) << "\n";
    return;
  }
  std::cout << explain(t.log, run_options(paths, s, a));
}

} // namespace

int cmd_list(const Paths& paths) {
  auto samples = discover_samples(paths);
  if (samples.empty()) {
    std::cerr << tr(Msg::list_no_samples, {paths.samples}) << "\n";
    return 2;
  }
  std::vector<std::vector<std::string>> rows;
  for (const Sample& s : samples)
    rows.push_back(list_row(s));
  std::cout << format_table({tr(Msg::tour_h_lesson), tr(Msg::list_h_title),
                             tr(Msg::list_h_programs), tr(Msg::tour_h_tsan), tr(Msg::tour_h_linter),
                             tr(Msg::list_h_built)},
                            rows);
  return 0;
}

int cmd_doctor(const Paths& paths, bool workshop) {
  auto items = workshop ? examine_workshop(paths) : examine_machine(paths);
  std::cout << format_doctor(items);
  int problems = 0;
  for (const DoctorItem& i : items)
    problems += i.status == "problem" ? 1 : 0;
  if (problems == 0) {
    std::cout << tr(workshop ? Msg::doc_ready_workshop : Msg::doc_ready) << "\n";
    return 0;
  }
  const Msg verdict =
      workshop ? (problems == 1 ? Msg::doc_problems_workshop_1 : Msg::doc_problems_workshop_n)
               : (problems == 1 ? Msg::doc_problems_1 : Msg::doc_problems_n);
  std::cout << tr(verdict, {std::to_string(problems)}) << "\n";
  return 1;
}

int cmd_tour(const Paths& paths, const TourArgs& a) {
  auto samples = discover_samples(paths);
  if (!a.sample.empty()) {
    const Sample* s = find_sample(samples, a.sample);
    if (!s) {
      std::cerr << tr(Msg::tour_no_sample, {a.sample, sample_names(samples)}) << "\n";
      return 2;
    }
    samples = {*s};
  }
  if (samples.empty()) {
    std::cerr << tr(Msg::tour_no_samples, {paths.samples}) << "\n";
    return 2;
  }
  if (!a.json)
    std::cerr << tr(Msg::tour_running, {std::to_string(samples.size())}) << "\n";
  auto rows = run_tour(paths, samples, a.jobs, !a.json);
  if (a.go) {
    auto go_rows = run_go_tour(paths, samples, a.jobs, !a.json);
    rows.insert(rows.end(), go_rows.begin(), go_rows.end());
  }
  std::cout << (a.json ? format_tour_json(rows) : format_tour_table(rows));
  for (const TourRow& r : rows)
    if (!r.ok)
      return 1;
  return 0;
}

int cmd_run(const Paths& paths, const RunArgs& a) {
  auto samples = discover_samples(paths);
  const Sample* s = find_sample(samples, a.sample);
  if (!s) {
    std::cerr << tr(Msg::run_no_sample, {a.sample, sample_names(samples)}) << "\n";
    return 2;
  }
  const SampleProgram* prog = choose_program(*s, a);
  if (!prog) {
    std::cerr << (a.fixed ? tr(Msg::run_no_fixed, {s->name, a.fixed_name})
                          : tr(Msg::run_no_racy, {s->name}))
              << "\n";
    return 2;
  }
  if (!file_exists(prog->binary)) {
    std::cerr << tr(Msg::run_missing, {prog->binary}) << "\n";
    return 2;
  }
  TsanRun t = run_under_tsan(*prog);
  if (a.raw) {
    std::cout << t.output;
    return 0;
  }
  print_run(*s, *prog, t);
  explain_run(paths, *s, *prog, t, a);
  if (!a.html.empty() && !write_explain_html(a.html, t.log, run_options(paths, *s, a))) {
    std::cerr << tr(Msg::run_cannot_write, {a.html}) << "\n";
    return 2;
  }
  return 0;
}

int cmd_explain(const Paths& paths, const ExplainArgs& a) {
  const std::string& file = a.file;
  std::string text;
  if (file.empty() || file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    bool ok = false;
    text = read_file(file, &ok);
    if (!ok) {
      std::cerr << tr(Msg::explain_cannot_read, {file}) << "\n";
      return 2;
    }
  }
  Log log = parse_tsan_log(text);
  ExplainOptions o;
  o.resolve_source = source_resolver(paths);
  o.full_stacks = a.full_stacks;
  std::cout << (a.format == "json" ? explain_json(log, o) : explain(log, o));
  if (!a.html.empty() && !write_explain_html(a.html, log, o)) {
    std::cerr << tr(Msg::explain_cannot_write, {a.html}) << "\n";
    return 2;
  }
  return 0;
}

namespace {

// Writes `text` to `output`, or stdout when it is ""; false when the file cannot be written.
bool write_output(const std::string& output, const std::string& text) {
  if (output.empty()) {
    std::cout << text;
    return true;
  }
  std::ofstream f(output);
  f << text;
  return static_cast<bool>(f);
}

} // namespace

int cmd_lint(const Paths& paths, LintArgs a) {
  if (!a.extra_args.empty())
    a.options.extra_args = a.extra_args;
  try {
    a.options.shard = parse_shard(a.shard);
  } catch (const std::invalid_argument& e) {
    std::cerr << tr(Msg::lint_error, {e.what()}) << "\n";
    return 2;
  }
  a.options.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  if (paths.toolchain_error.empty())
    std::cerr << tr(Msg::lint_using,
                    {paths.clang_tidy, std::to_string(paths.clang_tidy_major), paths.plugin})
              << "\n";
  LintRun run = run_lint(paths, a.options);
  for (const std::string& e : run.errors)
    std::cerr << tr(Msg::lint_error, {e}) << "\n";
  if (a.docs_url.empty())
    a.docs_url = "file://" + paths.docs;
  if (a.source_root.empty())
    a.source_root = current_directory();
  std::string text = a.format == "sarif"         ? format_sarif(run, a.docs_url, a.source_root)
                     : a.format == "codequality" ? format_codequality(run, a.source_root)
                     : a.format == "json"        ? format_json(run)
                                                 : format_text(run);
  if (!write_output(a.output, text)) {
    std::cerr << tr(Msg::lint_cannot_write, {a.output}) << "\n";
    return 2;
  }
  if (!run.errors.empty())
    return 2;
  return run.findings.empty() || a.exit_zero ? 0 : 1;
}

int cmd_sarif_merge(const SarifMergeArgs& a) {
  std::string text;
  if (std::string error = merge_sarif(a.inputs, text); !error.empty()) {
    std::cerr << tr(Msg::merge_error, {error}) << "\n";
    return 2;
  }
  if (!write_output(a.output, text)) {
    std::cerr << tr(Msg::merge_cannot_write, {a.output}) << "\n";
    return 2;
  }
  return 0;
}

} // namespace racelab
