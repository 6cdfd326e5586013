//===--- EscapeAnalysis.h - racelab ------------------------------------*- C++ -*-===//
//
// Whether the thread of a spawn may outlive the function that started it: followed through
// the thread object, its future, its container or its pthread id to a join(), a wait, a
// detach(), a store, a move or a return. Asked through SpawnModel::escapeOf.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_ESCAPEANALYSIS_H
#define RACELAB_CHECKER_ESCAPEANALYSIS_H

#include "SpawnModel.h"

namespace clang::tidy::racelab {

/// Decides whether the thread of `S` may outlive its enclosing function (AllowScopedThreads is
/// applied by the caller).
Escape analyzeEscape(const Spawn& S, ASTContext& Ctx);

} // namespace clang::tidy::racelab

#endif
