//===--- RacelabTidyModule.cpp - racelab -------------------------------*- C++ -*-===//
//
// The racelab clang-tidy module: registers every check of Checks.def. Loaded with
//   clang-tidy-19 --load build/lib/libRacelabTidy.so --checks='-*,racelab-*'
//
//===----------------------------------------------------------------------===//
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

#include "AllChecks.h"

namespace clang::tidy::racelab {

class RacelabModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories& Factories) override {
#define RACELAB_CHECK(Id, Class, SarifName, Summary) Factories.registerCheck<Class>(Id);
#include "Checks.def"
  }
};

} // namespace clang::tidy::racelab

namespace clang::tidy {
// Registered when clang-tidy loads the plugin (--load).
static ClangTidyModuleRegistry::Add<racelab::RacelabModule>
    X("racelab-module", "Checks for request contexts and shared state escaping into threads.");
} // namespace clang::tidy
