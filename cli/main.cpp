// racelab: the command line of the toolkit. See `racelab --help` and docs/cli.md.
#include "explain.h"
#include "lint.h"
#include "paths.h"
#include "process.h"
#include "samples.h"
#include "table.h"
#include "tour.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

using namespace racelab;

namespace {

const Sample* find_sample(const std::vector<Sample>& samples, const std::string& id) {
  for (const Sample& s : samples)
    if (s.number == id || s.name == id || (id.size() == 1 && s.number == "0" + id))
      return &s;
  return nullptr;
}

std::string sample_names(const std::vector<Sample>& samples) {
  std::string out;
  for (const Sample& s : samples)
    out += (out.empty() ? "" : ", ") + s.number;
  return out;
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

int cmd_list(const Paths& paths) {
  auto samples = discover_samples(paths);
  if (samples.empty()) {
    std::cerr << "racelab: no samples found in " << paths.samples << "\n";
    return 2;
  }
  std::vector<std::vector<std::string>> rows;
  for (const Sample& s : samples) {
    std::string programs, lint, tsan = "clean";
    bool built = true;
    for (const SampleProgram& p : s.programs) {
      programs += (programs.empty() ? "" : ", ") + p.variant;
      built = built && file_exists(p.binary);
      if (p.racy) {
        tsan = p.tsan_reports ? "reports" : "silent";
        for (const auto& [check, line] : p.lint)
          lint += (lint.empty() ? "" : ", ") + check;
      }
    }
    rows.push_back({s.number, s.lesson.title, programs, tsan, lint.empty() ? "silent" : lint,
                    built ? "yes" : "no"});
  }
  std::cout << format_table({"lesson", "title", "programs", "ThreadSanitizer", "linter", "built"},
                            rows);
  return 0;
}

int cmd_tour(const Paths& paths, const std::string& only, bool json, int jobs) {
  auto samples = discover_samples(paths);
  if (!only.empty()) {
    const Sample* s = find_sample(samples, only);
    if (!s) {
      std::cerr << "racelab tour: no sample " << only << " (have " << sample_names(samples)
                << ")\n";
      return 2;
    }
    samples = {*s};
  }
  if (samples.empty()) {
    std::cerr << "racelab tour: no samples found in " << paths.samples << "\n";
    return 2;
  }
  if (!json)
    std::cerr << "Running " << samples.size() << " sample(s) under ThreadSanitizer and the "
              << "racelab checks ...\n";
  auto rows = run_tour(paths, samples, jobs, !json);
  std::cout << (json ? format_tour_json(rows) : format_tour_table(rows));
  for (const TourRow& r : rows)
    if (!r.ok)
      return 1;
  return 0;
}

int cmd_run(const Paths& paths, const std::string& id, bool fixed, const std::string& fixed_name,
            bool raw) {
  auto samples = discover_samples(paths);
  const Sample* s = find_sample(samples, id);
  if (!s) {
    std::cerr << "racelab run: no sample " << id << " (have " << sample_names(samples) << ")\n";
    return 2;
  }
  const SampleProgram* prog = nullptr;
  for (const SampleProgram& p : s->programs) {
    bool match = fixed ? (!p.racy && (fixed_name.empty() || p.variant == fixed_name ||
                                      p.variant == "fixed-" + fixed_name))
                       : p.racy;
    if (match) {
      prog = &p;
      break;
    }
  }
  if (!prog) {
    std::cerr << "racelab run: sample " << s->name << " has no "
              << (fixed ? "fixed twin " + fixed_name : std::string("racy program")) << "\n";
    return 2;
  }
  if (!file_exists(prog->binary)) {
    std::cerr << "racelab run: " << prog->binary << " is missing: build it (cmake --build build)\n";
    return 2;
  }
  TsanRun t = run_under_tsan(*prog);
  if (raw) {
    std::cout << t.output;
    return 0;
  }
  std::cout << "== " << s->number << " " << s->lesson.title << ": " << prog->variant << " ("
            << prog->source << ")\n";
  std::cout << "$ TSAN_OPTIONS='" << pinned_tsan_options(*prog) << "' " << prog->binary;
  for (const std::string& a : prog->args)
    std::cout << " " << a;
  std::cout << "\n";
  std::cout << "The program printed:\n";
  for (const std::string& line : t.log.other_lines)
    if (line.rfind("ThreadSanitizer: reported", 0) != 0)
      std::cout << "  " << line << "\n";
  std::cout << "exit code " << t.exit_code << " in " << t.seconds << " s\n\n";
  ExplainOptions o;
  o.lesson = &s->lesson;
  o.prefer_dir = s->name + "/";
  o.resolve_source = source_resolver(paths);
  if (t.log.reports.empty()) {
    std::cout << "ThreadSanitizer reported nothing.\n";
    if (prog->racy && !prog->tsan_reports)
      std::cout << "That is the lesson: " << s->lesson.what_happened
                << "\nThe cure: " << s->lesson.cure << "\nRead more: " << s->lesson.page << "\n";
    return 0;
  }
  std::cout << explain(t.log, o);
  return 0;
}

int cmd_explain(const Paths& paths, const std::string& file) {
  std::string text;
  if (file.empty() || file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    bool ok = false;
    text = read_file(file, &ok);
    if (!ok) {
      std::cerr << "racelab explain: cannot read " << file << "\n";
      return 2;
    }
  }
  Log log = parse_tsan_log(text);
  ExplainOptions o;
  o.resolve_source = source_resolver(paths);
  std::cout << explain(log, o);
  return 0;
}

int cmd_lint(const Paths& paths, LintOptions o, const std::string& format, const std::string& out,
             bool exit_zero, std::string docs_url, std::string source_root) {
  o.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  LintRun run = run_lint(paths, o);
  for (const std::string& e : run.errors)
    std::cerr << "racelab lint: " << e << "\n";
  if (docs_url.empty())
    docs_url = "file://" + paths.docs;
  if (source_root.empty()) {
    char buf[4096];
    source_root = getcwd(buf, sizeof buf) ? buf : "";
  }
  std::string text = format == "sarif"  ? format_sarif(run, docs_url, source_root)
                     : format == "json" ? format_json(run)
                                        : format_text(run);
  if (out.empty()) {
    std::cout << text;
  } else {
    std::ofstream f(out);
    if (!f) {
      std::cerr << "racelab lint: cannot write " << out << "\n";
      return 2;
    }
    f << text;
  }
  if (!run.errors.empty())
    return 2;
  return run.findings.empty() || exit_zero ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"racelab: catch request contexts and shared state escaping into threads.\n"
               "Runs the course's samples under ThreadSanitizer, explains TSan reports, and runs "
               "the racelab-* clang-tidy checks."};
  app.set_version_flag("--version", std::string("racelab ") + RACELAB_VERSION +
                                        " (plugin for LLVM " + std::to_string(llvm_major()) + ")");
  app.require_subcommand(1);

  auto* tour = app.add_subcommand(
      "tour", "Run every sample's racy and fixed programs under ThreadSanitizer and the checks on "
              "both, then print one table. Exit 0 only when every row is as the course says.");
  std::string tour_sample;
  bool tour_json = false;
  int tour_jobs = 0;
  tour->add_option("--sample", tour_sample, "only this sample (01, 3, 03-context-...)");
  tour->add_flag("--json", tour_json, "print the table as JSON");
  tour->add_option("-j,--jobs", tour_jobs, "programs checked at once (default: one per core)");

  auto* run = app.add_subcommand("run", "Run one sample under ThreadSanitizer and explain its "
                                        "report in the lesson's words.");
  std::string run_sample, run_fixed;
  bool run_raw = false;
  run->add_option("SAMPLE", run_sample, "the sample: 03, 3 or 03-context-in-detached-thread")
      ->required();
  auto* fixed_opt = run->add_option("--fixed", run_fixed,
                                    "run a fixed twin instead (--fixed=mutex for fixed-mutex.cpp)")
                        ->expected(0, 1);
  run->add_flag("--raw", run_raw, "print ThreadSanitizer's own output, unexplained");

  auto* expl = app.add_subcommand(
      "explain", "Explain a ThreadSanitizer report from any program (a file, or - for stdin).");
  std::string explain_file;
  expl->add_option("FILE", explain_file, "the log to read; - or nothing reads stdin");

  auto* lint = app.add_subcommand("lint", "Run the racelab-* checks with clang-tidy-" +
                                              std::to_string(llvm_major()) +
                                              " over files, directories or a compile database.");
  LintOptions lo;
  std::string lint_format = "text", lint_out, docs_url, source_root;
  bool exit_zero = false;
  std::vector<std::string> extra;
  lint->add_option("PATHS", lo.paths,
                   "files or directories (default: every file of -p's database)");
  lint->add_option("-p,--build-dir", lo.build_dir, "a directory with compile_commands.json");
  lint->add_option("--format", lint_format, "text, json or sarif (SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  lint->add_option("-o,--output", lint_out, "write the results here instead of stdout");
  lint->add_option("-j,--jobs", lo.jobs, "files checked at once (default: one per core)");
  lint->add_option("--extra-arg", extra,
                   "compiler argument when there is no compile database (default: -std=c++20)");
  lint->add_option("--checks", lo.checks, "clang-tidy --checks value")->capture_default_str();
  lint->add_flag("--exit-zero", exit_zero, "exit 0 even when there are findings");
  lint->add_option(
      "--docs-url", docs_url,
      "base URL of the docs/ directory for SARIF help links (default: the local docs)");
  lint->add_option("--source-root", source_root,
                   "make SARIF paths relative to this directory (default: the current one)");

  auto* list =
      app.add_subcommand("list", "List the lessons, their samples and what each must show.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  Paths paths = locate_paths();
  if (*tour)
    return cmd_tour(paths, tour_sample, tour_json, tour_jobs);
  if (*run)
    return cmd_run(paths, run_sample, fixed_opt->count() > 0, run_fixed, run_raw);
  if (*expl)
    return cmd_explain(paths, explain_file);
  if (*lint) {
    if (!extra.empty())
      lo.extra_args = extra;
    return cmd_lint(paths, lo, lint_format, lint_out, exit_zero, docs_url, source_root);
  }
  if (*list)
    return cmd_list(paths);
  return 2;
}
