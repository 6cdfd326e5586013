//===--- SharedWrites.h - racelab --------------------------------------*- C++ -*-===//
//
// The writes racelab-unsynchronized-shared-write looks for in code that runs concurrently
// (a spawned callable, a request handler), and whether a lock is held where they happen: the
// questions every kind of concurrent code is asked, whatever made it concurrent.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_SHAREDWRITES_H
#define RACELAB_CHECKER_SHAREDWRITES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Stmt.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// The expression a write assigns to, or nullptr when `W` is no write.
const Expr* writeTarget(const Stmt* W);
/// The operator of a write: where its diagnostic points.
SourceLocation operatorLoc(const Stmt* W);

/// Whether a lock of `LockTypes` is held at the write `W` inside the callable `Body`: some block
/// on the way down to it holds one before the statement that leads to the write.
bool isLockHeldAt(const Stmt* W, const Stmt* Body, const std::vector<std::string>& LockTypes,
                  ASTContext& Ctx);
/// Shared locks: held by many readers at once, so a write under one races with the others.
bool isReaderLockHeldAt(const Stmt* W, const Stmt* Body, ASTContext& Ctx);
/// The end of a diagnostic: what to do about the write.
const char* cureFor(bool UnderReaderLock);
bool isAtomic(QualType T, ASTContext& Ctx);

/// A write in Body (assignment, compound assignment, ++/--) to a named variable that is not
/// atomic: the candidates both kinds of concurrent code are checked for.
struct VariableWrite {
  const Stmt* At;
  const VarDecl* Var;
};
std::vector<VariableWrite> nonAtomicWritesIn(const Stmt& Body, ASTContext& Ctx);

/// A write in Body to a member of the object the method (or a lambda's `this`) runs on, of
/// class `Owner` (not those of a local class's methods), that is not atomic.
struct MemberWrite {
  const Stmt* At;
  const FieldDecl* Field;
};
std::vector<MemberWrite> nonAtomicMemberWritesIn(const Stmt& Body, const CXXRecordDecl* Owner,
                                                 ASTContext& Ctx);

/// Whether `S` lies below one of `Roots` (found top-down: no parent map).
bool isBelowOneOf(const Stmt* S, const std::vector<const Stmt*>& Roots);

} // namespace clang::tidy::racelab

#endif
