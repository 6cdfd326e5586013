//===--- ContextViewEscapeCheck.h - racelab ----------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_CONTEXTVIEWESCAPECHECK_H
#define RACELAB_CHECKER_CONTEXTVIEWESCAPECHECK_H

#include "ContextCheckBase.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// Flags a non-owning view (std::string_view, std::span, const char*) into the request
/// context's storage handed to code that runs on another thread and may outlive the request.
///
/// For the user-facing documentation see: docs/checks/racelab-context-view-escape.md
class ContextViewEscapeCheck : public ContextCheckBase {
public:
  ContextViewEscapeCheck(StringRef Name, ClangTidyContext* Context);
  void check(const ast_matchers::MatchFinder::MatchResult& Result) override;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;

private:
  bool isView(QualType T, ASTContext& Ctx) const;
  bool isStringView(QualType T, ASTContext& Ctx) const;
  bool viewFromContext(const Expr* E, ASTContext& Ctx, int Depth = 0) const;

  const std::string RawViewTypes;
  std::vector<std::string> ViewTypes;
};

} // namespace clang::tidy::racelab

#endif
