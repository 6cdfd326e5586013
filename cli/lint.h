// `racelab lint`: the racelab-* checks over files or a compile database, in parallel, with the
// clang-tidy of the plugin's LLVM major. lint_formats.h prints the results as text, JSON or SARIF.
#pragma once

#include "paths.h"
#include "shard.h"

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
  Shard shard;               ///< lint only this part of the files (shard.h)
  std::string changed_since; ///< a Git revision: only the files a change affects (changed.h)
  std::function<void(const std::string&)> progress; ///< one line per file done
};

struct LintRun {
  std::vector<Finding> findings;
  std::vector<std::string> errors; ///< tool errors: non-empty means exit 2
  int files = 0;
  std::vector<std::string> linted; ///< the files linted (after --changed-since and --shard)
};

LintRun run_lint(const Paths& paths, const LintOptions& options);

/// Adds the fix-its of clang-tidy's --export-fixes YAML file `fixes_file` to the findings of
/// `file` they belong to (same check and message), as lines and columns of the files they edit.
void read_fixes(const std::string& fixes_file, const std::string& file,
                std::vector<Finding>& findings);

} // namespace racelab
