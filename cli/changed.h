// `racelab lint --changed-since REV`: only the translation units a change can affect, for
// pull-request runs. A TU is affected when its source or any file it includes changed.
#pragma once

#include <string>
#include <vector>

namespace racelab {

/// The files Git says changed since `rev`, as canonical absolute paths: `git diff --name-only
/// REV` (commits since REV, staged and unstaged changes) and untracked files that .gitignore does
/// not exclude. Git runs in the current directory's repository. Returns "" or an error.
std::string changed_files(const std::string& rev, std::vector<std::string>& out);

/// The files of `files` whose source or included files (the compiler's -M output for their
/// compile command in `build_dir`/compile_commands.json, computed on each run: nothing is cached)
/// are in `changed`. A TU whose dependencies cannot be computed is kept (it is linted, and its
/// compile error reported). `jobs` compilers at once.
std::vector<std::string> affected_files(const std::vector<std::string>& files,
                                        const std::string& build_dir,
                                        const std::vector<std::string>& changed, int jobs);

} // namespace racelab
