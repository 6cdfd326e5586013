// Running another program and capturing what it prints.
#pragma once

#include <string>
#include <vector>

namespace racelab {

struct ProcessResult {
  int exit_code = -1; ///< -1 when the program could not be started; 128+N when killed by signal N
  std::string output; ///< stdout and stderr, interleaved as written
  double seconds = 0;
};

/// Runs `argv` with extra environment variables ("NAME=value"), in directory `cwd` ("" for ours),
/// and captures stdout+stderr.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env = {}, const std::string& cwd = "");

/// The directory of the running executable.
std::string executable_dir();

} // namespace racelab
