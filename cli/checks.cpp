#include "checks.h"

namespace racelab {

const std::vector<CheckInfo>& racelab_checks() {
  // checker/Checks.def is the list the plugin registers its checks from: reading it here means
  // the CLI can neither describe a check the plugin lacks nor miss one it has.
  static const std::vector<CheckInfo> checks = {
#define RACELAB_CHECK(Id, Class, SarifName, Summary) {Id, SarifName, Summary},
#include "Checks.def"
  };
  return checks;
}

} // namespace racelab
