//===--- ContextViewEscapeCheck.h - racelab ----------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_CONTEXTVIEWESCAPECHECK_H
#define RACELAB_CHECKER_CONTEXTVIEWESCAPECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// Flags a non-owning view (std::string_view, std::span, const char*) into the request
/// context's storage handed to code that runs on another thread and may outlive the request.
///
/// For the user-facing documentation see: docs/checks/racelab-context-view-escape.md
class ContextViewEscapeCheck : public ClangTidyCheck {
public:
  ContextViewEscapeCheck(StringRef Name, ClangTidyContext* Context);
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult& Result) override;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }

private:
  bool isView(QualType T, ASTContext& Ctx) const;
  bool isStringView(QualType T, ASTContext& Ctx) const;
  bool viewFromContext(const Expr* E, ASTContext& Ctx, int Depth = 0) const;

  const std::string RawContextTypes;
  const std::string RawSpawnFunctions;
  const std::string RawViewTypes;
  const bool AllowScopedThreads;
  std::vector<std::string> ContextTypes;
  std::vector<std::string> SpawnFunctions;
  std::vector<std::string> ViewTypes;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::racelab

#endif
