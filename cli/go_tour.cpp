#include "go_tour.h"

#include "explain.h"
#include "files.h"
#include "process.h"
#include "text.h"
#include "worker_pool.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

namespace racelab {

namespace {

struct GoTwin {
  const Sample* sample;
  std::string variant; ///< "racy", "fixed"
  std::string source;
  std::vector<int> check_lines; ///< lines of its own source its CHECK lines name
};

// The CHECK lines that name a line of the twin's own file, as tests/go/go_samples.py's FileCheck
// run reads them: "// CHECK-NEXT: /03-context-in-detached-thread/go/racy.go:46 +0x".
std::vector<int> check_lines(const std::string& source) {
  static const std::regex re(R"(^//\s*CHECK(?:-NEXT)?:.*/go/[\w-]+\.go:(\d+) )");
  std::set<int> lines;
  std::istringstream in(read_file(source));
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, re))
      lines.insert(std::stoi(m[1]));
  }
  return {lines.begin(), lines.end()};
}

// What the race detector printed: how many reports, the lines of `file` that the reports'
// accesses name (not where goroutines were created), and the first report's pair of them. A Go
// report runs from "WARNING: DATA RACE" to the next "==================" rule; an access section
// starts "Read at 0x… by goroutine 8:" or "Previous write at …"; a frame's location is
// "\t/path/file.go:46 +0x69".
struct GoReports {
  int count = 0;
  std::set<int> lines;
  std::vector<int> first_pair;
};
GoReports read_go_reports(const std::string& output, const std::string& file) {
  static const std::regex access(R"(^(Previous )?([Rr]ead|[Ww]rite) at \S+ by .*:$)");
  static const std::regex location(R"(^\s+(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?\s*$)");
  GoReports r;
  bool in_report = false, in_access = false, have_line = false;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.find("WARNING: DATA RACE") != std::string::npos) {
      in_report = true;
      ++r.count;
      continue;
    }
    if (line.rfind("==================", 0) == 0) {
      in_report = in_access = false;
      continue;
    }
    if (!in_report)
      continue;
    std::smatch m;
    if (std::regex_match(line, access)) {
      in_access = true;
      have_line = false;
    } else if (!line.empty() && !std::isspace(static_cast<unsigned char>(line[0]))) {
      in_access = false; // "Goroutine 8 (running) created at:" and the like
    } else if (in_access && std::regex_match(line, m, location) &&
               base_name(m.str(1)) == base_name(file)) {
      int l = std::stoi(m[2]);
      r.lines.insert(l);
      if (!have_line && r.count == 1 && r.first_pair.size() < 2)
        r.first_pair.push_back(l);
      have_line = true;
    }
  }
  return r;
}

std::string expectation(const GoTwin& t) {
  if (t.variant.rfind("racy", 0) != 0)
    return "clean";
  std::vector<std::string> lines;
  for (int l : t.check_lines)
    lines.push_back(std::to_string(l));
  return "race" + (lines.empty() ? "" : " at " + join(lines));
}

std::string go_path(const Paths& paths) {
  return paths.samples + "/common/go:/usr/share/gocode";
}

// The twin's binary: prebuilt in $RACELAB_GO_BINS, else built into `scratch`.
std::string binary_for(const Paths& paths, const GoTwin& t, const std::string& scratch,
                       std::string* error) {
  const std::string name = t.sample->name + "-" + t.variant;
  if (const char* bins = std::getenv("RACELAB_GO_BINS"); bins && *bins) {
    std::string prebuilt = std::string(bins) + "/" + name;
    if (file_exists(prebuilt))
      return prebuilt;
  }
  std::string out = scratch + "/" + name;
  ProcessResult r = run_process({"go", "build", "-race", "-o", out, t.source},
                                {"GO111MODULE=off", "GOPATH=" + go_path(paths), "GOFLAGS="});
  if (r.exit_code != 0) {
    *error = r.exit_code == -1 ? "go is not installed (apt-get install golang-go "
                                 "golang-github-gin-gonic-gin-dev gcc)"
                               : "go build -race failed: " + trim(r.output);
    return "";
  }
  return out;
}

TourRow check_twin(const Paths& paths, const GoTwin& t, const std::string& scratch) {
  TourRow row;
  row.sample = t.sample->number;
  row.variant = t.variant;
  row.language = "Go";
  row.lesson = t.sample->lesson.title_en; // the JSON's; the table shows the user's language
  row.shown.lesson = t.sample->lesson.title;
  row.linter = "n/a"; // the racelab checks read C++
  row.expected = expectation(t);
  std::string error;
  std::string binary = binary_for(paths, t, scratch, &error);
  if (binary.empty()) {
    row.tsan = "not built";
    row.problems.push_back(error);
    return row;
  }
  ProcessResult r = run_process({binary}, {"GORACE=" RACELAB_PINNED_GORACE});
  GoReports reports = read_go_reports(r.output, t.source);
  if (Log log = parse_tsan_log(r.output); !log.reports.empty()) {
    const auto problems = group_problems(log, t.sample->name + "/go/");
    row.summary = problems_summary(log, problems);
    row.shown.summary = problems_summary(log, problems, language());
  }
  const std::string f = base_name(t.source);
  if (reports.count == 0)
    row.tsan = "clean";
  else if (reports.first_pair.size() == 2)
    row.tsan = "race between " + f + ":" + std::to_string(reports.first_pair[0]) + " and " + f +
               ":" + std::to_string(reports.first_pair[1]);
  else
    row.tsan = "data race";
  if (reports.count > 1)
    row.tsan += " (" + std::to_string(reports.count) + " reports)";
  if (t.variant.rfind("racy", 0) == 0) {
    row.ok = r.exit_code == 66 && reports.count > 0;
    for (int l : t.check_lines)
      if (!reports.lines.count(l)) {
        row.ok = false;
        row.problems.push_back("the race report does not name " + base_name(t.source) + ":" +
                               std::to_string(l));
      }
    if (r.exit_code != 66)
      row.problems.push_back("exit code " + std::to_string(r.exit_code) + ", expected 66");
  } else {
    row.ok = r.exit_code == 0 && reports.count == 0;
    if (!row.ok)
      row.problems.push_back("expected no race report and exit 0, got exit " +
                             std::to_string(r.exit_code));
  }
  return row;
}

} // namespace

std::vector<TourRow> run_go_tour(const Paths& paths, const std::vector<Sample>& samples, int jobs,
                                 bool progress) {
  std::vector<GoTwin> twins;
  for (const Sample& s : samples)
    for (const char* variant : {"racy", "fixed"}) {
      std::string source = s.dir + "/go/" + variant + ".go";
      if (file_exists(source))
        twins.push_back({&s, variant, source, check_lines(source)});
    }
  std::string scratch = (std::filesystem::temp_directory_path() / "racelab-go-XXXXXX").string();
  if (!mkdtemp(scratch.data()))
    scratch = std::filesystem::temp_directory_path().string();
  std::vector<TourRow> rows(twins.size());
  std::vector<double> seconds(twins.size());
  run_on_workers(
      twins.size(), jobs,
      [&](std::size_t i) {
        auto start = std::chrono::steady_clock::now();
        rows[i] = check_twin(paths, twins[i], scratch);
        seconds[i] =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      },
      [&](std::size_t i, std::size_t) {
        if (progress)
          std::fprintf(stderr, "[%s] %-34s %-12s %5.1f s %s\n", rows[i].sample.c_str(),
                       twins[i].sample->name.substr(3).c_str(), (rows[i].variant + " (Go)").c_str(),
                       seconds[i], rows[i].ok ? "as expected" : "NOT as expected");
      });
  std::error_code ignored;
  if (scratch.find("racelab-go-") != std::string::npos)
    std::filesystem::remove_all(scratch, ignored);
  return rows;
}

} // namespace racelab
