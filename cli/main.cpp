// racelab: the command line of the toolkit. See `racelab --help` and docs/cli.md. This file holds
// the options and their help; commands.cpp does the work.
#include "commands.h"
#include "language.h"
#include "messages.h"
#include "paths.h"
#include "toolchain.h"

#include <CLI/CLI.hpp>

#include <iostream>

using namespace racelab;

namespace {

CLI::App* add_tour(CLI::App& app, TourArgs& a) {
  auto* tour = app.add_subcommand("tour", tr(Msg::help_tour));
  tour->add_option("--sample", a.sample, tr(Msg::help_tour_sample));
  tour->add_flag("--json", a.json, tr(Msg::help_tour_json));
  tour->add_option("-j,--jobs", a.jobs, tr(Msg::help_tour_jobs));
  tour->add_option("--clang-tidy", a.clang_tidy, tr(Msg::help_tour_clang_tidy));
  tour->add_flag("--go", a.go, tr(Msg::help_tour_go));
  return tour;
}

// --fixed takes an optional value: whether it was given at all is read from the option after
// parsing (see main), not from the string.
CLI::App* add_run(CLI::App& app, RunArgs& a, CLI::Option*& fixed) {
  auto* run = app.add_subcommand("run", tr(Msg::help_run));
  run->add_option("SAMPLE", a.sample, tr(Msg::help_run_sample))->required();
  fixed = run->add_option("--fixed", a.fixed_name, tr(Msg::help_run_fixed))->expected(0, 1);
  run->add_flag("--raw", a.raw, tr(Msg::help_run_raw));
  run->add_flag("--full-stacks", a.full_stacks, tr(Msg::help_full_stacks));
  run->add_option("--html", a.html, tr(Msg::help_run_html));
  return run;
}

CLI::App* add_explain(CLI::App& app, ExplainArgs& a) {
  auto* expl = app.add_subcommand("explain", tr(Msg::help_explain));
  expl->add_option("FILE", a.file, tr(Msg::help_explain_file));
  expl->add_option("--format", a.format, tr(Msg::help_explain_format))
      ->check(CLI::IsMember({"text", "json"}));
  expl->add_flag("--full-stacks", a.full_stacks, tr(Msg::help_full_stacks));
  expl->add_option("--html", a.html, tr(Msg::help_explain_html));
  return expl;
}

CLI::App* add_lint(CLI::App& app, LintArgs& a) {
  auto* lint = app.add_subcommand("lint", tr(Msg::help_lint));
  LintOptions& lo = a.options;
  lint->add_option("--clang-tidy", a.clang_tidy,
                   tr(Msg::help_lint_clang_tidy, {std::to_string(llvm_major())}));
  lint->add_option("PATHS", lo.paths, tr(Msg::help_lint_paths));
  lint->add_option("-p,--build-dir", lo.build_dir, tr(Msg::help_lint_build_dir));
  lint->add_option("--format", a.format, tr(Msg::help_lint_format))
      ->check(CLI::IsMember({"text", "json", "sarif", "codequality"}))
      ->capture_default_str();
  lint->add_option("-o,--output", a.output, tr(Msg::help_output));
  lint->add_option("-j,--jobs", lo.jobs, tr(Msg::help_lint_jobs));
  lint->add_option("--extra-arg", a.extra_args, tr(Msg::help_lint_extra_arg));
  lint->add_option("--checks", lo.checks, tr(Msg::help_lint_checks))->capture_default_str();
  lint->add_flag("--exit-zero", a.exit_zero, tr(Msg::help_lint_exit_zero));
  lint->add_option("--docs-url", a.docs_url, tr(Msg::help_lint_docs_url));
  lint->add_option("--source-root", a.source_root, tr(Msg::help_lint_source_root));
  lint->add_option("--shard", a.shard, tr(Msg::help_lint_shard));
  lint->add_option("--changed-since", lo.changed_since, tr(Msg::help_lint_changed_since));
  return lint;
}

CLI::App* add_sarif_merge(CLI::App& app, SarifMergeArgs& a) {
  auto* merge = app.add_subcommand("sarif-merge", tr(Msg::help_merge));
  merge->add_option("FILES", a.inputs, tr(Msg::help_merge_files))->required();
  merge->add_option("-o,--output", a.output, tr(Msg::help_output));
  return merge;
}

CLI::App* add_doctor(CLI::App& app, std::string& clang_tidy, bool& workshop) {
  auto* doctor = app.add_subcommand("doctor", tr(Msg::help_doctor));
  doctor->add_option("--clang-tidy", clang_tidy, tr(Msg::help_doctor_clang_tidy));
  doctor->add_flag("--workshop", workshop, tr(Msg::help_doctor_workshop));
  return doctor;
}

// What every subcommand inherits: the help flag, the labels and parse errors in the user's
// language, and --lang after the subcommand's name too (fallthrough to the main app's options).
void speak_the_language(CLI::App& app) {
  app.option_defaults()->group(tr(Msg::cli_options_group));
  app.set_help_flag("-h,--help", tr(Msg::help_help)); // after the group: the help flag joins it
  const std::pair<const char*, Msg> labels[] = {{"Usage", Msg::cli_usage},
                                                {"OPTIONS", Msg::cli_options_label},
                                                {"SUBCOMMAND", Msg::cli_subcommand_label},
                                                {"REQUIRED", Msg::cli_required},
                                                {"Positionals", Msg::cli_positionals}};
  for (const auto& [label, id] : labels)
    app.get_formatter()->label(label, tr(id));
  app.group(tr(Msg::cli_subcommands_group));
  app.failure_message(
      [](const CLI::App*, const CLI::Error& e) { return tr(Msg::cli_parse_error, {e.what()}); });
  app.fallthrough();
}

// The language comes before the parse: every help text depends on it. False, after saying so,
// for a --lang value racelab does not have.
bool choose_language(int argc, char** argv) {
  set_language(lang_from_environment());
  if (auto value = find_lang_argument(argc, argv)) {
    auto lang = parse_lang(*value);
    if (!lang) {
      std::cerr << tr(Msg::cli_unknown_lang, {*value, supported_langs()}) << "\n";
      return false;
    }
    set_language(*lang);
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  if (!choose_language(argc, argv))
    return 2;
  CLI::App app{tr(Msg::help_app)};
  speak_the_language(app);
  app.set_version_flag("--version",
                       std::string("racelab ") + RACELAB_VERSION + " (plugin for LLVM " +
                           std::to_string(llvm_major()) + ")",
                       tr(Msg::help_version));
  std::string lang_value; // read above; declared so that --help shows it and parsing accepts it
  app.add_option("--lang", lang_value, tr(Msg::help_lang));
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
  auto* list = app.add_subcommand("list", tr(Msg::help_list));
  SarifMergeArgs merge_args;
  auto* merge = add_sarif_merge(app, merge_args);
  std::string doctor_clang_tidy;
  bool doctor_workshop = false;
  auto* doctor = add_doctor(app, doctor_clang_tidy, doctor_workshop);
  // A subcommand makes its help flag before it inherits the options' group: make it again.
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    sub->set_help_flag("-h,--help", tr(Msg::help_help));
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
