// `racelab lint --shard K/N`: one of N deterministic parts of the files to lint, so that N CI jobs
// lint a compile database together; `racelab sarif-merge` (sarif_merge.h) joins their SARIF.
#pragma once

#include <string>
#include <vector>

namespace racelab {

struct Shard {
  int index = 0; ///< 1-based; 0: not sharded
  int count = 0;
};

/// "2/3" -> {2, 3}; "" when `spec` is empty. Throws std::invalid_argument unless 1 <= K <= N.
Shard parse_shard(const std::string& spec);

/// The files of `shard`, in their given order. Every file is in exactly one of the N shards: the
/// files, largest first (ties by name), each go to the shard with the fewest bytes so far (ties:
/// the lowest number), so the split depends only on the files and their sizes.
std::vector<std::string> shard_files(const std::vector<std::string>& files, Shard shard);

} // namespace racelab
