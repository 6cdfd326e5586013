//===--- PlaceholderCheck.h - racelab ----------------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_PLACEHOLDERCHECK_H
#define RACELAB_CHECKER_PLACEHOLDERCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::racelab {

/// Stand-in until the real racelab checks land: flags every call to std::thread::detach(),
/// the moment a thread stops being tied to the scope that started it.
class PlaceholderCheck : public ClangTidyCheck {
public:
  PlaceholderCheck(StringRef Name, ClangTidyContext* Context) : ClangTidyCheck(Name, Context) {}
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult& Result) override;
};

} // namespace clang::tidy::racelab

#endif
