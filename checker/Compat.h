//===--- Compat.h - racelab --------------------------------------------*- C++ -*-===//
//
// What differs between the LLVM majors the plugin is built for (14, 15, 16, 19; 17 and 18 build
// through the same code but are not tested here). Everything version-dependent lives here, so the
// checks read the same for every major.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_COMPAT_H
#define RACELAB_CHECKER_COMPAT_H

#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"

namespace clang::tidy::racelab {

/// StringRef::starts_with (LLVM 16+); startswith before.
inline bool startsWith(StringRef S, StringRef Prefix) {
  return S.size() >= Prefix.size() && S.substr(0, Prefix.size()) == Prefix;
}

/// StringRef::ends_with (LLVM 16+); endswith before.
inline bool endsWith(StringRef S, StringRef Suffix) {
  return S.size() >= Suffix.size() && S.substr(S.size() - Suffix.size()) == Suffix;
}

/// A construction with at least `N` arguments: ast_matchers::argumentCountAtLeast arrived in
/// LLVM 17, so the plugin has its own. (The macro declares parameters this matcher has no use
/// for.)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
AST_MATCHER_P(CXXConstructExpr, constructionArgumentsAtLeast, unsigned, N) {
  return Node.getNumArgs() >= N;
}
#pragma clang diagnostic pop

} // namespace clang::tidy::racelab

#endif
