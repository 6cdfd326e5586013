//===--- RacelabTidyModule.cpp - racelab -------------------------------*- C++ -*-===//
//
// The racelab clang-tidy module: registers every racelab-* check. Loaded with
//   clang-tidy-19 --load build/lib/libRacelabTidy.so --checks='-*,racelab-*'
//
//===----------------------------------------------------------------------===//
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

#include "AtomicSplitUpdateCheck.h"
#include "ContextEscapeCheck.h"
#include "ContextViewEscapeCheck.h"
#include "UnsynchronizedSharedWriteCheck.h"

namespace clang::tidy::racelab {

class RacelabModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories& Factories) override {
    Factories.registerCheck<ContextEscapeCheck>("racelab-context-escape");
    Factories.registerCheck<ContextViewEscapeCheck>("racelab-context-view-escape");
    Factories.registerCheck<UnsynchronizedSharedWriteCheck>("racelab-unsynchronized-shared-write");
    Factories.registerCheck<AtomicSplitUpdateCheck>("racelab-atomic-split-update");
  }
};

} // namespace clang::tidy::racelab

namespace clang::tidy {
// Registered when clang-tidy loads the plugin (--load).
static ClangTidyModuleRegistry::Add<racelab::RacelabModule>
    X("racelab-module", "Checks for request contexts and shared state escaping into threads.");
} // namespace clang::tidy
