//===--- ContextEscapeCheck.h - racelab --------------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_CONTEXTESCAPECHECK_H
#define RACELAB_CHECKER_CONTEXTESCAPECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// Flags the original request context (by reference, pointer, std::ref, address or through
/// `this`) handed to code that runs on another thread and may outlive the request.
///
/// For the user-facing documentation see: docs/checks/racelab-context-escape.md
class ContextEscapeCheck : public ClangTidyCheck {
public:
  ContextEscapeCheck(StringRef Name, ClangTidyContext* Context);
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult& Result) override;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }

private:
  const std::string RawContextTypes;
  const std::string RawSpawnFunctions;
  const bool AllowScopedThreads;
  const std::string CopyMethod;
  std::vector<std::string> ContextTypes;
  std::vector<std::string> SpawnFunctions; // the defaults plus the option's
  llvm::DenseSet<unsigned> Reported;       // raw locations already warned about in this TU
};

} // namespace clang::tidy::racelab

#endif
