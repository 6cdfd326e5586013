// `racelab lint`: the racelab-* checks over files or a compile database, in parallel, with the
// clang-tidy of the plugin's LLVM major; results as text, JSON or SARIF 2.1.0.
#pragma once

#include "paths.h"

#include <functional>
#include <string>
#include <vector>

namespace racelab {

struct Replacement {
  std::string file;
  int line = 0, column = 0, end_line = 0, end_column = 0; ///< 1-based; end exclusive
  std::string text;
};

struct Note {
  std::string file;
  int line = 0, column = 0;
  std::string message;
};

struct Finding {
  std::string file;
  int line = 0, column = 0;
  std::string level; ///< "warning"
  std::string message;
  std::string check;
  std::vector<Note> notes;
  std::vector<Replacement> fixes;
};

struct LintOptions {
  std::vector<std::string> paths; ///< files or directories; empty: every file of the database
  std::string build_dir;          ///< with compile_commands.json; empty: none
  int jobs = 0;                   ///< 0: one per core
  std::vector<std::string> extra_args = {"-std=c++20"}; ///< compiler args without a database
  std::string checks = "-*,racelab-*";
  std::function<void(const std::string&)> progress; ///< one line per file done
};

struct LintRun {
  std::vector<Finding> findings;
  std::vector<std::string> errors; ///< tool errors: non-empty means exit 2
  int files = 0;
};

LintRun run_lint(const Paths& paths, const LintOptions& options);

std::string format_text(const LintRun& run);
std::string format_json(const LintRun& run);
/// `docs_base` is where check pages live ("https://…/docs" or "file:///…/docs");
/// `source_root` makes artifact URIs relative (%SRCROOT%).
std::string format_sarif(const LintRun& run, const std::string& docs_base,
                         const std::string& source_root);

/// The racelab checks: id and one-line description (SARIF rules, `racelab list`).
struct CheckInfo {
  const char* id;
  const char* name; ///< SARIF wants a readable name that differs from the id
  const char* summary;
};
const std::vector<CheckInfo>& racelab_checks();

} // namespace racelab
