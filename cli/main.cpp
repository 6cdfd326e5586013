// racelab: the command line of the toolkit. See `racelab --help` and docs/cli.md. This file holds
// the options and their help; commands.cpp does the work.
#include "commands.h"
#include "paths.h"
#include "toolchain.h"

#include <CLI/CLI.hpp>

using namespace racelab;

namespace {

CLI::App* add_tour(CLI::App& app, TourArgs& a) {
  auto* tour = app.add_subcommand(
      "tour", "Run every sample's racy and fixed programs under ThreadSanitizer and the checks on "
              "both, then print one table. Exit 0 only when every row is as the course says.");
  tour->add_option("--sample", a.sample, "only this sample (01, 3, 03-context-...)");
  tour->add_flag("--json", a.json, "print the table as JSON");
  tour->add_option("-j,--jobs", a.jobs, "programs checked at once (default: one per core)");
  tour->add_option("--clang-tidy", a.clang_tidy, "the clang-tidy for the checks (as lint's)");
  tour->add_flag("--go", a.go,
                 "also the lessons' Go twins (samples/NN-*/go/) under Go's race detector, against "
                 "Debian's Gin (golang-go, golang-github-gin-gonic-gin-dev, gcc); built with go "
                 "build -race unless $RACELAB_GO_BINS has them");
  return tour;
}

// --fixed takes an optional value: whether it was given at all is read from the option after
// parsing (see main), not from the string.
CLI::App* add_run(CLI::App& app, RunArgs& a, CLI::Option*& fixed) {
  auto* run = app.add_subcommand("run", "Run one sample under ThreadSanitizer and explain its "
                                        "report in the lesson's words.");
  run->add_option("SAMPLE", a.sample, "the sample: 03, 3 or 03-context-in-detached-thread")
      ->required();
  fixed = run->add_option("--fixed", a.fixed_name,
                          "run a fixed twin instead (--fixed=mutex for fixed-mutex.cpp)")
              ->expected(0, 1);
  run->add_flag("--raw", a.raw, "print ThreadSanitizer's own output, unexplained");
  run->add_flag("--full-stacks", a.full_stacks, "print every frame of every stack, too");
  run->add_option("--html", a.html,
                  "also write the explanation as a self-contained HTML page to this file: each "
                  "distinct problem as a timeline, one lane per thread");
  return run;
}

CLI::App* add_explain(CLI::App& app, ExplainArgs& a) {
  auto* expl = app.add_subcommand(
      "explain", "Explain the ThreadSanitizer reports of any program, C++ (clang's or GCC's "
                 "runtime) or Go (go test -race, go run -race, and the runtime's fatal "
                 "\"concurrent map writes\"), from a file or - for stdin: each distinct problem "
                 "once, at the first frames of your own code, then a one-line summary.");
  expl->add_option("FILE", a.file,
                   "the log to read; - or nothing reads stdin (ctest's \"N: \", comment markers "
                   "and indentation before the lines are fine)");
  expl->add_option("--format", a.format, "text, or json for tools")
      ->check(CLI::IsMember({"text", "json"}));
  expl->add_flag("--full-stacks", a.full_stacks, "print every frame of every stack, too");
  expl->add_option("--html", a.html,
                   "also write a self-contained HTML page to this file: each distinct problem as "
                   "a timeline with one lane per thread or goroutine (where each was created, the "
                   "accesses with their source lines and the mutexes held, the missing "
                   "happens-before edge), what happened and the cure");
  return expl;
}

CLI::App* add_lint(CLI::App& app, LintArgs& a) {
  auto* lint = app.add_subcommand(
      "lint", "Run the racelab-* checks over files, directories or a compile database, with the "
              "clang-tidy --clang-tidy names or the first one on PATH that has a racelab plugin "
              "of its LLVM major.");
  LintOptions& lo = a.options;
  lint->add_option("--clang-tidy", a.clang_tidy,
                   "this clang-tidy (its LLVM major picks the plugin; default: clang-tidy on "
                   "PATH, then clang-tidy-" +
                       std::to_string(llvm_major()) + ", then the other majors, newest first)");
  lint->add_option("PATHS", lo.paths,
                   "files or directories (default: every file of -p's database; with -p, a file "
                   "the database does not compile, such as a header, stands for the files "
                   "that include it)");
  lint->add_option("-p,--build-dir", lo.build_dir, "a directory with compile_commands.json");
  lint->add_option("--format", a.format,
                   "text, json, sarif (SARIF 2.1.0) or codequality (GitLab Code Quality)")
      ->check(CLI::IsMember({"text", "json", "sarif", "codequality"}))
      ->capture_default_str();
  lint->add_option("-o,--output", a.output, "write the results here instead of stdout");
  lint->add_option("-j,--jobs", lo.jobs, "files checked at once (default: one per core)");
  lint->add_option("--extra-arg", a.extra_args,
                   "compiler argument when there is no compile database (default: -std=c++20)");
  lint->add_option("--checks", lo.checks, "clang-tidy --checks value")->capture_default_str();
  lint->add_flag("--exit-zero", a.exit_zero, "exit 0 even when there are findings");
  lint->add_option(
      "--docs-url", a.docs_url,
      "base URL of the docs/ directory for SARIF help links (default: the local docs)");
  lint->add_option("--source-root", a.source_root,
                   "make SARIF and Code Quality paths relative to this directory (default: the "
                   "current one)");
  lint->add_option("--shard", a.shard,
                   "K/N: lint only the K-th of N parts of the files (split by size, the same "
                   "way on every run); join the parts' SARIF with racelab sarif-merge");
  lint->add_option("--changed-since", lo.changed_since,
                   "REV: only the files whose source or an included header changed since Git "
                   "revision REV (committed, staged, unstaged or untracked); needs -p");
  return lint;
}

CLI::App* add_sarif_merge(CLI::App& app, SarifMergeArgs& a) {
  auto* merge = app.add_subcommand(
      "sarif-merge", "Join the SARIF files of racelab lint --shard runs into one SARIF file: one "
                     "run, each rule once, each result once.");
  merge->add_option("FILES", a.inputs, "the SARIF files to join")->required();
  merge->add_option("-o,--output", a.output, "write the result here instead of stdout");
  return merge;
}

CLI::App* add_doctor(CLI::App& app, std::string& clang_tidy, bool& workshop) {
  auto* doctor = app.add_subcommand(
      "doctor", "Check this machine for the tour: clang-tidy majors, plugins, the ThreadSanitizer "
                "runtime, the kernel's ASLR settings, samples and docs; one line each, with a fix "
                "for each problem. Exit 0 when ready, 1 otherwise.");
  doctor->add_option("--clang-tidy", clang_tidy, "check this clang-tidy (as lint's)");
  doctor->add_flag("--workshop", workshop,
                   "the participants' 09:00 check instead: the compiler, a racy program built and "
                   "run under ThreadSanitizer (it must report), ASLR, the plugin loaded by "
                   "clang-tidy, the samples and the exercises built; ends in \"Ready for the "
                   "workshop.\" (RACELAB_CXX names the compiler)");
  return doctor;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"racelab: catch request contexts and shared state escaping into threads.\n"
               "Runs the course's samples under ThreadSanitizer, explains TSan reports, and runs "
               "the racelab-* clang-tidy checks."};
  app.set_version_flag("--version", std::string("racelab ") + RACELAB_VERSION +
                                        " (plugin for LLVM " + std::to_string(llvm_major()) + ")");
  app.require_subcommand(1);
  TourArgs tour_args;
  RunArgs run_args;
  ExplainArgs explain_args;
  LintArgs lint_args;
  CLI::Option* fixed = nullptr;
  auto* tour = add_tour(app, tour_args);
  auto* run = add_run(app, run_args, fixed);
  auto* expl = add_explain(app, explain_args);
  auto* lint = add_lint(app, lint_args);
  auto* list =
      app.add_subcommand("list", "List the lessons, their samples and what each must show.");
  SarifMergeArgs merge_args;
  auto* merge = add_sarif_merge(app, merge_args);
  std::string doctor_clang_tidy;
  bool doctor_workshop = false;
  auto* doctor = add_doctor(app, doctor_clang_tidy, doctor_workshop);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  Paths paths = locate_paths();
  if (*lint || *tour || *doctor)
    choose_toolchain(paths, *lint   ? lint_args.clang_tidy
                            : *tour ? tour_args.clang_tidy
                                    : doctor_clang_tidy);
  run_args.fixed = fixed->count() > 0;
  if (*tour)
    return cmd_tour(paths, tour_args);
  if (*run)
    return cmd_run(paths, run_args);
  if (*expl)
    return cmd_explain(paths, explain_args);
  if (*lint)
    return cmd_lint(paths, lint_args);
  if (*list)
    return cmd_list(paths);
  if (*doctor)
    return cmd_doctor(paths, doctor_workshop);
  if (*merge)
    return cmd_sarif_merge(merge_args);
  return 2;
}
