// The racelab clang-tidy module: registers every racelab-* check.
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

#include "PlaceholderCheck.h"

namespace clang::tidy::racelab {

class RacelabModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories& Factories) override {
    Factories.registerCheck<PlaceholderCheck>("racelab-placeholder");
  }
};

} // namespace clang::tidy::racelab

namespace clang::tidy {
// Registered when clang-tidy loads the plugin (--load).
static ClangTidyModuleRegistry::Add<racelab::RacelabModule>
    X("racelab-module", "Checks for request contexts and shared state escaping into threads.");
} // namespace clang::tidy
