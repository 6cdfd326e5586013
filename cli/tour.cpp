#include "tour.h"

#include "explain.h"
#include "files.h"
#include "lint.h"
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
std::string expectation(const SampleProgram& p) {
  std::vector<std::string> lines, lint;
  for (int l : p.check_lines)
    lines.push_back(std::to_string(l));
  for (const auto& [check, line] : p.lint)
    lint.push_back(check + "@" + std::to_string(line));
  std::string tsan = p.tsan_reports ? "race" + (lines.empty() ? "" : " at " + join(lines))
                                    : (p.racy ? "silent" : "clean");
  return tsan + "; " + (lint.empty() ? "clean" : join(lint));
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
      row.problems.push_back("the report does not name " + base_name(p.source) + ":" +
                             std::to_string(l));
    }
  if (t.exit_code != 66)
    row.problems.push_back("exit code " + std::to_string(t.exit_code) + ", expected 66");
  return ok;
}

// The ThreadSanitizer leg: fills row.tsan; true when the run is what the source declares.
bool check_tsan(const Sample& s, const SampleProgram& p, TourRow& row) {
  if (!file_exists(p.binary)) {
    row.tsan = "not built";
    row.problems.push_back(p.binary + " is missing: build it with cmake --build build");
    return false;
  }
  TsanRun t = run_under_tsan(p);
  row.tsan = tsan_verdict(t.log, s.name + "/");
  if (!t.log.reports.empty())
    row.summary = problems_summary(t.log, group_problems(t.log, s.name + "/"));
  if (p.tsan_reports)
    return race_as_declared(t, p, row);
  const bool clean = t.exit_code == 0 && t.log.reports.empty();
  if (!clean)
    row.problems.push_back("expected no ThreadSanitizer report and exit 0, got exit " +
                           std::to_string(t.exit_code));
  return clean;
}

// The linter leg: fills row.linter; true when the findings are exactly the LINT lines.
bool check_linter(const Paths& paths, const SampleProgram& p, TourRow& row) {
  std::string error;
  auto found = lint_sample(paths, p.source, &error);
  if (!error.empty()) {
    row.linter = "error";
    row.problems.push_back(error);
    return false;
  }
  std::vector<std::string> places;
  for (const auto& [check, line] : found)
    places.push_back(check + " at " + base_name(p.source) + ":" + std::to_string(line));
  row.linter = places.empty() ? "clean" : join(places);
  auto want = p.lint;
  std::sort(want.begin(), want.end());
  if (found != want)
    row.problems.push_back("linter findings differ from the LINT lines");
  return found == want;
}

TourRow check_program(const Paths& paths, const Sample& s, const SampleProgram& p) {
  TourRow row;
  row.sample = s.number;
  row.variant = p.variant;
  row.lesson = s.lesson.title;
  row.expected = expectation(p);
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
                   rows[i].ok ? "as expected" : "NOT as expected");
  };
  run_on_workers(todo.size(), jobs, check, report);
  return rows;
}

std::string format_tour_table(const std::vector<TourRow>& rows) {
  // The language column only when the Go twins are in (tour --go): the C++ table stays as it was.
  const bool go =
      std::any_of(rows.begin(), rows.end(), [](const TourRow& r) { return r.language != "C++"; });
  std::vector<std::vector<std::string>> cells;
  for (const TourRow& r : rows) {
    cells.push_back({r.sample + " " + r.variant, r.lesson, r.tsan, r.linter, r.expected,
                     r.ok ? "\u2713" : "\u2717"});
    if (go)
      cells.back().insert(cells.back().begin() + 1, r.language);
  }
  std::vector<std::string> header{"sample", "lesson",   "ThreadSanitizer",
                                  "linter", "expected", "ok"};
  if (go)
    header.insert(header.begin() + 1, "language");
  std::ostringstream out;
  out << format_table(header, cells);
  // The notes per program: what is not as expected, then its reports grouped as `run` ends.
  int bad = 0;
  for (const TourRow& r : rows) {
    bad += r.ok ? 0 : 1;
    std::vector<std::string> notes = r.ok ? std::vector<std::string>() : r.problems;
    if (!r.summary.empty())
      notes.push_back(r.summary);
    for (const std::string& note : notes)
      out << "  " << r.sample << " " << r.variant
          << (r.language == "C++" ? "" : " (" + r.language + ")") << ": " << note << "\n";
  }
  out << rows.size() - std::size_t(bad) << " of " << rows.size()
      << " programs behaved as the course says\n";
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
