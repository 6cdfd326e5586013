#include "tour.h"

#include "explain.h"
#include "lint.h"
#include "process.h"
#include "table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

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
    if (f.file == source || f.file.ends_with("/" + source.substr(source.rfind('/') + 1)))
      out.emplace_back(f.check, f.line);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

std::string base(const std::string& p) {
  return p.substr(p.rfind('/') + 1);
}

TourRow check_program(const Paths& paths, const Sample& s, const SampleProgram& p) {
  TourRow row;
  row.sample = s.number;
  row.variant = p.variant;
  row.lesson = s.lesson.title;
  const std::string prefer = s.name + "/";

  // Expectations, from the source's own CHECK and LINT lines.
  std::string lines;
  for (int l : p.check_lines)
    lines += (lines.empty() ? "" : ", ") + std::to_string(l);
  std::string exp_tsan = p.tsan_reports ? "race" + (lines.empty() ? "" : " at " + lines)
                                        : (p.racy ? "silent" : "clean");
  std::string exp_lint;
  for (const auto& [check, line] : p.lint)
    exp_lint += (exp_lint.empty() ? "" : ", ") + check + "@" + std::to_string(line);
  row.expected = exp_tsan + "; " + (exp_lint.empty() ? "clean" : exp_lint);

  bool tsan_ok = false;
  if (!file_exists(p.binary)) {
    row.tsan = "not built";
    row.problems.push_back(p.binary + " is missing: build it with cmake --build build");
  } else {
    TsanRun t = run_under_tsan(p);
    row.tsan = tsan_verdict(t.log, prefer);
    if (p.tsan_reports) {
      // Every line the source names must appear in a frame of its own file in some report.
      std::set<int> seen;
      for (const Report& r : t.log.reports)
        for (const Section& sec : r.sections)
          for (const Frame& f : sec.stack)
            if (base(f.file) == base(p.source))
              seen.insert(f.line);
      tsan_ok = t.exit_code == 66 && !t.log.reports.empty();
      for (int l : p.check_lines)
        if (!seen.count(l)) {
          tsan_ok = false;
          row.problems.push_back("the report does not name " + base(p.source) + ":" +
                                 std::to_string(l));
        }
      if (t.exit_code != 66)
        row.problems.push_back("exit code " + std::to_string(t.exit_code) + ", expected 66");
    } else {
      tsan_ok = t.exit_code == 0 && t.log.reports.empty();
      if (!tsan_ok)
        row.problems.push_back("expected no ThreadSanitizer report and exit 0, got exit " +
                               std::to_string(t.exit_code));
    }
  }

  std::string error;
  auto found = lint_sample(paths, p.source, &error);
  auto want = p.lint;
  std::sort(want.begin(), want.end());
  if (!error.empty()) {
    row.linter = "error";
    row.problems.push_back(error);
  } else if (found.empty()) {
    row.linter = "clean";
  } else {
    for (const auto& [check, line] : found)
      row.linter += (row.linter.empty() ? "" : ", ") + check + " at " + base(p.source) + ":" +
                    std::to_string(line);
  }
  const bool lint_ok = error.empty() && found == want;
  if (error.empty() && !lint_ok)
    row.problems.push_back("linter findings differ from the LINT lines");
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
  std::atomic<std::size_t> next{0};
  std::mutex mu;
  unsigned n = jobs > 0 ? unsigned(jobs) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < std::min<std::size_t>(n, todo.size()); ++w)
    workers.emplace_back([&] {
      for (std::size_t i; (i = next++) < todo.size();) {
        auto start = std::chrono::steady_clock::now();
        rows[i] = check_program(paths, *todo[i].sample, *todo[i].program);
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (progress) {
          std::lock_guard lock(mu);
          std::fprintf(stderr, "[%s] %-34s %-12s %5.1f s %s\n", rows[i].sample.c_str(),
                       todo[i].sample->name.substr(3).c_str(), rows[i].variant.c_str(), secs,
                       rows[i].ok ? "as expected" : "NOT as expected");
        }
      }
    });
  for (auto& t : workers)
    t.join();
  return rows;
}

std::string format_tour_table(const std::vector<TourRow>& rows) {
  std::vector<std::vector<std::string>> cells;
  for (const TourRow& r : rows)
    cells.push_back({r.sample + " " + r.variant, r.lesson, r.tsan, r.linter, r.expected,
                     r.ok ? "\u2713" : "\u2717"});
  std::ostringstream out;
  out << format_table({"sample", "lesson", "ThreadSanitizer", "linter", "expected", "ok"}, cells);
  int bad = 0;
  for (const TourRow& r : rows)
    if (!r.ok) {
      ++bad;
      for (const std::string& p : r.problems)
        out << "  " << r.sample << " " << r.variant << ": " << p << "\n";
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
                 {"lesson", r.lesson},
                 {"tsan", r.tsan},
                 {"linter", r.linter},
                 {"expected", r.expected},
                 {"ok", r.ok},
                 {"problems", r.problems}});
  return j.dump(2) + "\n";
}

} // namespace racelab
