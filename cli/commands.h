// What `racelab`'s commands do, each returning the exit status; main.cpp turns the command line
// into the arguments below.
#pragma once

#include "lint.h"
#include "paths.h"

#include <string>
#include <vector>

namespace racelab {

struct TourArgs {
  std::string sample; ///< "" for every sample
  bool json = false;
  int jobs = 0;
  std::string clang_tidy; ///< --clang-tidy; "" for the first that fits (toolchain.h)
  bool go = false;        ///< --go: the Go twins too (go_tour.h)
};
int cmd_tour(const Paths& paths, const TourArgs& args);

struct RunArgs {
  std::string sample;
  bool fixed = false;
  std::string fixed_name; ///< "mutex" for fixed-mutex.cpp; "" for the first fixed twin
  bool raw = false;
  bool full_stacks = false;
  std::string html; ///< also write the HTML timeline here; "" for none
};
int cmd_run(const Paths& paths, const RunArgs& args);

struct ExplainArgs {
  std::string file;            ///< "" or "-" reads stdin
  std::string format = "text"; ///< text or json
  std::string html;            ///< also write the HTML timeline here; "" for none
  bool full_stacks = false;
};
int cmd_explain(const Paths& paths, const ExplainArgs& args);

struct LintArgs {
  LintOptions options;
  std::vector<std::string> extra_args; ///< replace options.extra_args when given
  std::string format = "text", output, docs_url, source_root;
  std::string clang_tidy; ///< --clang-tidy; "" for the first that fits (toolchain.h)
  std::string shard;      ///< "K/N"; "" for every file
  bool exit_zero = false;
};
int cmd_lint(const Paths& paths, LintArgs args);

int cmd_list(const Paths& paths);

struct SarifMergeArgs {
  std::vector<std::string> inputs;
  std::string output; ///< "" for stdout
};
int cmd_sarif_merge(const SarifMergeArgs& args);

/// `paths` with the toolchain chosen (choose_toolchain). 0 when the tour (with `workshop`: the
/// workshop's exercises too) can run, 1 otherwise.
int cmd_doctor(const Paths& paths, bool workshop);

} // namespace racelab
