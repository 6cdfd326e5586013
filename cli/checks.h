// The racelab checks as the CLI describes them (SARIF rules), from the plugin's own registry.
#pragma once

#include <vector>

namespace racelab {

struct CheckInfo {
  const char* id;   ///< "racelab-context-escape"
  const char* name; ///< SARIF wants a readable name that differs from the id
  const char* summary;
};

/// Every check the plugin registers, in checker/Checks.def's order.
const std::vector<CheckInfo>& racelab_checks();

} // namespace racelab
