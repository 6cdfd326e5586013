// Which clang-tidy `racelab lint` and the tour run, and which plugin it loads: a plugin only loads
// into the clang-tidy of the LLVM major it was built for, so the clang-tidy's major picks it.
#pragma once

#include "paths.h"

#include <string>
#include <vector>

namespace racelab {

/// The LLVM major `clang_tidy --version` names ("LLVM version 15.0.6"); 0 when it cannot run.
int clang_tidy_major(const std::string& clang_tidy);

/// Where a program is: `name` itself when it holds a '/', else the first match on PATH; "" when
/// it is nowhere.
std::string find_program(const std::string& name);

/// The clang-tidy programs of this machine: `clang-tidy` and `clang-tidy-N` on PATH, and
/// /usr/lib/llvm-N/bin/clang-tidy, in the order `racelab lint` tries them.
std::vector<std::string> clang_tidy_candidates();

/// The plugin for LLVM `major` next to racelab: lib/llvm-N/ (build tree), lib/racelab/llvm-N/
/// (installed), then lib/libRacelabTidy.so when `major` is the primary one; "" when none.
/// `looked_in` (optional) receives the places searched.
std::string plugin_for_major(int major, std::vector<std::string>* looked_in = nullptr);

/// Fills paths.clang_tidy, paths.clang_tidy_major and paths.plugin, or paths.toolchain_error.
/// `clang_tidy` is --clang-tidy's value ("" when not given); RACELAB_CLANG_TIDY stands for it,
/// and RACELAB_PLUGIN names the plugin instead of the search.
void choose_toolchain(Paths& paths, const std::string& clang_tidy);

} // namespace racelab
