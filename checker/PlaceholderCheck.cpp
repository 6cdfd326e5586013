//===--- PlaceholderCheck.cpp - racelab --------------------------------*- C++ -*-===//
#include "PlaceholderCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

void PlaceholderCheck::registerMatchers(MatchFinder* Finder) {
  Finder->addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasName("detach"), ofClass(hasName("::std::thread")))))
          .bind("call"),
      this);
}

void PlaceholderCheck::check(const MatchFinder::MatchResult& Result) {
  const auto* Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("call");
  diag(Call->getExprLoc(), "thread detached here");
}

} // namespace clang::tidy::racelab
