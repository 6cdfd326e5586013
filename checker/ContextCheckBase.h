//===--- ContextCheckBase.h - racelab ----------------------------------*- C++ -*-===//
//
// What the two context checks share: the options naming the context types and the spawn
// functions, AllowScopedThreads, the spawn matchers, and reporting each location once per TU.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_CONTEXTCHECKBASE_H
#define RACELAB_CHECKER_CONTEXTCHECKBASE_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

class ContextCheckBase : public ClangTidyCheck {
public:
  ContextCheckBase(StringRef Name, ClangTidyContext* Context);
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }

protected:
  /// False when `Loc` was already reported in this TU (a capture reached by a second spawn, or
  /// by another instantiation of a template).
  bool firstReport(SourceLocation Loc) { return Reported.insert(Loc.getRawEncoding()).second; }

  const std::string RawContextTypes;
  const std::string RawSpawnFunctions;
  const bool AllowScopedThreads;
  std::vector<std::string> ContextTypes;
  std::vector<std::string> SpawnFunctions; // the defaults plus the option's

private:
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::racelab

#endif
