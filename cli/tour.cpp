#include "tour.h"

#include "explain.h"
#include "files.h"
#include "lint.h"
#include "messages.h"
#include "table.h"
#include "text.h"
#include "worker_pool.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <sstream>

namespace racelab {

std::vector<std::pair<std::string, int>> lint_sample(const Paths& paths, const std::string& source,
                                                     std::string* error) {
  LintOptions o;
  o.paths = {source};
  o.jobs = 1;
  o.extra_args = {"-std=c++20", "-I" + paths.minigin_include, "-I" + paths.samples + "/common"};
  LintRun run = run_lint(paths, o);
  if (!run.errors.empty() && error)
    *error = run.errors.front();
  std::vector<std::pair<std::string, int>> out;
  for (const Finding& f : run.findings)
    if (f.file == source || f.file.ends_with("/" + base_name(source)))
      out.emplace_back(f.check, f.line);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// What the source declares, in the table's words: "race at 36, 40; racelab-context-escape@34".
std::string expectation(const SampleProgram& p, Lang lang) {
  std::vector<std::string> lines, lint;
  for (int l : p.check_lines)
    lines.push_back(std::to_string(l));
  for (const auto& [check, line] : p.lint)
    lint.push_back(check + "@" + std::to_string(line));
  const std::string at = join(lines, tr_in(lang, Msg::tour_list_separator));
  std::string tsan = p.tsan_reports
                         ? (lines.empty() ? tr_in(lang, Msg::tour_expect_race)
                                          : tr_in(lang, Msg::tour_expect_race_at, {at}))
                         : tr_in(lang, p.racy ? Msg::tour_expect_silent : Msg::tour_tsan_clean);
  return tr_in(lang, Msg::tour_expect_both,
               {tsan, lint.empty() ? tr_in(lang, Msg::tour_lint_clean) : join(lint)});
}

// A problem of the row, in English (JSON) and in the user's language (the table).
void add_problem(TourRow& row, Msg id, std::initializer_list<std::string_view> args) {
  row.problems.push_back(tr_in(Lang::en, id, args));
  row.shown.problems.push_back(tr(id, args));
}

// A racy program's run: exit 66, and every line its CHECK lines name appears in a frame of its
// own file in some report.
bool race_as_declared(const TsanRun& t, const SampleProgram& p, TourRow& row) {
  std::set<int> seen;
  for (const Report& r : t.log.reports)
    for (const Section& sec : r.sections)
      for (const Frame& f : sec.stack)
        if (base_name(f.file) == base_name(p.source))
          seen.insert(f.line);
  bool ok = t.exit_code == 66 && !t.log.reports.empty();
  for (int l : p.check_lines)
    if (!seen.count(l)) {
      ok = false;
      add_problem(row, Msg::tour_no_name, {base_name(p.source) + ":" + std::to_string(l)});
    }
  if (t.exit_code != 66)
    add_problem(row, Msg::tour_exit_not_66, {std::to_string(t.exit_code)});
  return ok;
}

// The ThreadSanitizer leg: fills row.tsan; true when the run is what the source declares.
bool check_tsan(const Sample& s, const SampleProgram& p, TourRow& row) {
  if (!file_exists(p.binary)) {
    row.tsan = tr_in(Lang::en, Msg::tour_not_built);
    row.shown.tsan = tr(Msg::tour_not_built);
    add_problem(row, Msg::tour_missing_binary, {p.binary});
    return false;
  }
  TsanRun t = run_under_tsan(p);
  row.tsan = tsan_verdict(t.log, s.name + "/");
  row.shown.tsan = tsan_verdict(t.log, s.name + "/", language());
  if (!t.log.reports.empty())
    row.summary = problems_summary(t.log, group_problems(t.log, s.name + "/"));
  if (!t.log.reports.empty())
    row.shown.summary = problems_summary(t.log, group_problems(t.log, s.name + "/"), language());
  if (p.tsan_reports)
    return race_as_declared(t, p, row);
  const bool clean = t.exit_code == 0 && t.log.reports.empty();
  if (!clean)
    add_problem(row, Msg::tour_not_clean, {std::to_string(t.exit_code)});
  return clean;
}

// The linter leg: fills row.linter; true when the findings are exactly the LINT lines.
bool check_linter(const Paths& paths, const SampleProgram& p, TourRow& row) {
  std::string error;
  auto found = lint_sample(paths, p.source, &error);
  if (!error.empty()) {
    row.linter = tr_in(Lang::en, Msg::tour_lint_error);
    row.shown.linter = tr(Msg::tour_lint_error);
    row.problems.push_back(error);
    row.shown.problems.push_back(error);
    return false;
  }
  std::vector<std::string> places, shown;
  for (const auto& [check, line] : found) {
    const std::string at = base_name(p.source) + ":" + std::to_string(line);
    places.push_back(tr_in(Lang::en, Msg::tour_lint_at, {check, at}));
    shown.push_back(tr(Msg::tour_lint_at, {check, at}));
  }
  row.linter = places.empty() ? tr_in(Lang::en, Msg::tour_lint_clean) : join(places);
  row.shown.linter =
      shown.empty() ? tr(Msg::tour_lint_clean) : join(shown, tr(Msg::tour_list_separator));
  auto want = p.lint;
  std::sort(want.begin(), want.end());
  if (found != want)
    add_problem(row, Msg::tour_lint_differs, {});
  return found == want;
}

TourRow check_program(const Paths& paths, const Sample& s, const SampleProgram& p) {
  TourRow row;
  row.sample = s.number;
  row.variant = p.variant;
  row.lesson = s.lesson.title_en;
  row.shown.lesson = s.lesson.title;
  row.expected = expectation(p, Lang::en);
  row.shown.expected = expectation(p, language());
  const bool tsan_ok = check_tsan(s, p, row);
  const bool lint_ok = check_linter(paths, p, row);
  row.ok = tsan_ok && lint_ok;
  return row;
}

} // namespace

std::vector<TourRow> run_tour(const Paths& paths, const std::vector<Sample>& samples, int jobs,
                              bool progress) {
  struct Job {
    const Sample* sample;
    const SampleProgram* program;
  };
  std::vector<Job> todo;
  for (const Sample& s : samples)
    for (const SampleProgram& p : s.programs)
      todo.push_back({&s, &p});
  std::vector<TourRow> rows(todo.size());
  std::vector<double> seconds(todo.size());
  auto check = [&](std::size_t i) {
    auto start = std::chrono::steady_clock::now();
    rows[i] = check_program(paths, *todo[i].sample, *todo[i].program);
    seconds[i] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto report = [&](std::size_t i, std::size_t) {
    if (progress)
      std::fprintf(stderr, "[%s] %-34s %-12s %5.1f s %s\n", rows[i].sample.c_str(),
                   todo[i].sample->name.substr(3).c_str(), rows[i].variant.c_str(), seconds[i],
                   tr(rows[i].ok ? Msg::tour_as_expected : Msg::tour_not_as_expected).c_str());
  };
  run_on_workers(todo.size(), jobs, check, report);
  return rows;
}

std::string format_tour_table(const std::vector<TourRow>& rows) {
  // The language column only when the Go twins are in (tour --go): the C++ table stays as it was.
  const bool go =
      std::any_of(rows.begin(), rows.end(), [](const TourRow& r) { return r.language != "C++"; });
  auto shown = [](const std::string& cell, const std::string& english) {
    return cell.empty() ? english : cell;
  };
  std::vector<std::vector<std::string>> cells;
  for (const TourRow& r : rows) {
    cells.push_back({r.sample + " " + r.variant, shown(r.shown.lesson, r.lesson),
                     shown(r.shown.tsan, r.tsan), shown(r.shown.linter, r.linter),
                     shown(r.shown.expected, r.expected), r.ok ? "\u2713" : "\u2717"});
    if (go)
      cells.back().insert(cells.back().begin() + 1, r.language);
  }
  std::vector<std::string> header{tr(Msg::tour_h_sample),   tr(Msg::tour_h_lesson),
                                  tr(Msg::tour_h_tsan),     tr(Msg::tour_h_linter),
                                  tr(Msg::tour_h_expected), tr(Msg::tour_h_ok)};
  if (go)
    header.insert(header.begin() + 1, tr(Msg::tour_h_language));
  std::ostringstream out;
  out << format_table(header, cells);
  // The notes per program: what is not as expected, then its reports grouped as `run` ends.
  int bad = 0;
  for (const TourRow& r : rows) {
    bad += r.ok ? 0 : 1;
    std::vector<std::string> notes;
    if (!r.ok)
      notes = r.shown.problems.size() == r.problems.size() ? r.shown.problems : r.problems;
    if (!r.summary.empty())
      notes.push_back(shown(r.shown.summary, r.summary));
    for (const std::string& note : notes)
      out << "  " << r.sample << " " << r.variant
          << (r.language == "C++" ? "" : " (" + r.language + ")") << ": " << note << "\n";
  }
  out << tr(Msg::tour_summary,
            {std::to_string(rows.size() - std::size_t(bad)), std::to_string(rows.size())})
      << "\n";
  return out.str();
}

std::string format_tour_json(const std::vector<TourRow>& rows) {
  nlohmann::json j = nlohmann::json::array();
  for (const TourRow& r : rows)
    j.push_back({{"sample", r.sample},
                 {"variant", r.variant},
                 {"language", r.language},
                 {"lesson", r.lesson},
                 {"tsan", r.tsan},
                 {"linter", r.linter},
                 {"expected", r.expected},
                 {"ok", r.ok},
                 {"problems", r.problems},
                 {"summary", r.summary}});
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace racelab
