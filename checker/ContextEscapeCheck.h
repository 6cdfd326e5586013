//===--- ContextEscapeCheck.h - racelab --------------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_CONTEXTESCAPECHECK_H
#define RACELAB_CHECKER_CONTEXTESCAPECHECK_H

#include "ContextCheckBase.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// Flags the original request context (by reference, pointer, std::ref, address or through
/// `this`) handed to code that runs on another thread and may outlive the request.
///
/// For the user-facing documentation see: docs/checks/racelab-context-escape.md
class ContextEscapeCheck : public ContextCheckBase {
public:
  ContextEscapeCheck(StringRef Name, ClangTidyContext* Context);
  void check(const ast_matchers::MatchFinder::MatchResult& Result) override;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;

private:
  const std::string CopyMethod;
};

} // namespace clang::tidy::racelab

#endif
