// `racelab sarif-merge`: the SARIF files of `racelab lint --shard K/N` runs as one SARIF file.
#pragma once

#include <string>
#include <vector>

namespace racelab {

/// One SARIF 2.1.0 log with one run: the first input's tool, the rules of all inputs (each id
/// once), their results without duplicates (same rule, location and message: a header linted from
/// two shards), sorted by file, line, column and rule. Returns "" or an error (an input that
/// cannot be read or is not SARIF 2.1.0, or %SRCROOT% bases that differ); `out` gets the text.
std::string merge_sarif(const std::vector<std::string>& inputs, std::string& out);

} // namespace racelab
