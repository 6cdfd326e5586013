//===--- SharedWrites.cpp - racelab ------------------------------------*- C++ -*-===//
#include "SharedWrites.h"

#include "AstUtils.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

// The variable a write lands in: `x`, or `s` for `s.count` (a member of a struct variable).
// Element writes (`v[i]`, `a[i]`), writes through pointers and members of `this` have none.
const VarDecl* writtenVariable(const Expr* Target) {
  const Expr* E = Target->IgnoreParenImpCasts();
  while (const auto* ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow())
      return nullptr;
    E = ME->getBase()->IgnoreParenImpCasts();
  }
  const auto* DRE = dyn_cast<DeclRefExpr>(E);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

} // namespace

// The expression a write assigns to, or nullptr when `W` is no write.
const Expr* writeTarget(const Stmt* W) {
  if (const auto* U = dyn_cast<UnaryOperator>(W))
    return U->isIncrementDecrementOp() ? U->getSubExpr() : nullptr;
  if (const auto* B = dyn_cast<BinaryOperator>(W))
    return B->isAssignmentOp() ? B->getLHS() : nullptr;
  if (const auto* Op = dyn_cast<CXXOperatorCallExpr>(W)) {
    OverloadedOperatorKind K = Op->getOperator();
    if ((Op->isAssignmentOp() || K == OO_PlusPlus || K == OO_MinusMinus) && Op->getNumArgs() >= 1)
      return Op->getArg(0);
  }
  return nullptr;
}

// The operator of a write: where its diagnostic points.
SourceLocation operatorLoc(const Stmt* W) {
  if (const auto* U = dyn_cast<UnaryOperator>(W))
    return U->getOperatorLoc();
  if (const auto* B = dyn_cast<BinaryOperator>(W))
    return B->getOperatorLoc();
  if (const auto* Op = dyn_cast<CXXOperatorCallExpr>(W))
    return Op->getOperatorLoc();
  return W->getBeginLoc();
}

namespace {

bool constructedWithDeferLock(const VarDecl* V) {
  const auto* CE =
      dyn_cast_or_null<CXXConstructExpr>(V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr);
  if (!CE)
    return false;
  for (const Expr* A : CE->arguments()) {
    std::string T = A->getType().getUnqualifiedType().getAsString();
    if (StringRef(T).contains("defer_lock_t") || StringRef(T).contains("try_to_lock_t"))
      return true;
  }
  return false;
}

// Whether the statements of `Block` before `Until` leave a lock held: a guard of one of
// `LockTypes` declared there (and not deferred), or an explicit lock() not yet unlock()ed.
bool blockHoldsLockBefore(const CompoundStmt* Block, const Stmt* Until,
                          const std::vector<std::string>& LockTypes, ASTContext& Ctx) {
  bool Locked = false;
  for (const Stmt* Sibling : Block->body()) {
    if (Sibling == Until)
      break;
    if (const auto* DS = dyn_cast<DeclStmt>(Sibling)) {
      for (const Decl* D : DS->decls())
        if (const auto* V = dyn_cast<VarDecl>(D);
            V && isOneOfClasses(V->getType(), LockTypes, Ctx) && !constructedWithDeferLock(V))
          Locked = true;
      continue;
    }
    StringRef Called = calledMethodName(dyn_cast<CXXMemberCallExpr>(Sibling->IgnoreContainers()));
    if (Called == "lock")
      Locked = true;
    else if (Called == "unlock")
      Locked = false;
  }
  return Locked;
}

} // namespace

// Whether a lock is held at the write `W` inside the callable `Body`: some block on the way
// down to it holds one before the statement that leads to the write.
bool isLockHeldAt(const Stmt* W, const Stmt* Body, const std::vector<std::string>& LockTypes,
                  ASTContext& Ctx) {
  llvm::SmallVector<const Stmt*, 16> Path;
  if (!pathTo(Body, W, Path))
    return false;
  for (size_t I = 0; I + 1 < Path.size(); ++I)
    if (const auto* Block = dyn_cast<CompoundStmt>(Path[I]);
        Block && blockHoldsLockBefore(Block, Path[I + 1], LockTypes, Ctx))
      return true;
  return false;
}

// Shared locks: held by many readers at once, so a write under one races with the others.
bool isReaderLockHeldAt(const Stmt* W, const Stmt* Body, ASTContext& Ctx) {
  static const std::vector<std::string> ReaderLocks = {"::std::shared_lock", "::boost::shared_lock",
                                                       "::QReadLocker", "::Poco::ScopedReadRWLock"};
  return isLockHeldAt(W, Body, ReaderLocks, Ctx);
}

// The end of a diagnostic: what to do about the write.
const char* cureFor(bool UnderReaderLock) {
  return UnderReaderLock
             ? "the lock held is a reader's (shared) lock, which other threads hold "
               "at the same time; write under an exclusive lock (e.g. "
               "std::unique_lock of the shared mutex)"
             : "make it std::atomic or hold a lock (e.g. std::lock_guard) while writing";
}

bool isAtomic(QualType T, ASTContext& Ctx) {
  // std's, and the atomics of the frameworks the profiles know.
  return isOneOfClasses(T,
                        {"::std::atomic", "::std::atomic_ref", "::boost::atomic",
                         "::QAtomicInteger", "::QAtomicPointer", "::Poco::AtomicCounter"},
                        Ctx);
}

// A write in Body (assignment, compound assignment, ++/--) to a named variable that is not
// atomic: the candidates both kinds of concurrent code are checked for.
std::vector<VariableWrite> nonAtomicWritesIn(const Stmt& Body, ASTContext& Ctx) {
  std::vector<VariableWrite> Found;
  auto Writes = match(
      findAll(stmt(anyOf(unaryOperator(), binaryOperator(), cxxOperatorCallExpr())).bind("w")),
      Body, Ctx);
  for (const auto& N : Writes) {
    const auto* W = N.getNodeAs<Stmt>("w");
    const Expr* Target = writeTarget(W);
    const VarDecl* V = Target ? writtenVariable(Target) : nullptr;
    if (V && !isAtomic(Target->getType(), Ctx) && !isAtomic(V->getType(), Ctx))
      Found.push_back({W, V});
  }
  return Found;
}

namespace {

// The member of `*this` a write lands in: `count_`, `this->count_`, `stats_.hits` (a member of a
// member); nullptr for anything else.
const FieldDecl* writtenMemberOfThis(const Expr* Target) {
  const FieldDecl* Outermost = nullptr;
  const Expr* E = Target->IgnoreParenImpCasts();
  while (const auto* ME = dyn_cast<MemberExpr>(E)) {
    Outermost = dyn_cast<FieldDecl>(ME->getMemberDecl());
    E = ME->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E))
      return Outermost;
    if (ME->isArrow())
      return nullptr;
  }
  return nullptr;
}

} // namespace

// Writes in Body to members of the object the method runs on (of class `Owner`: not those of a
// local class's methods) that are not atomic.
std::vector<MemberWrite> nonAtomicMemberWritesIn(const Stmt& Body, const CXXRecordDecl* Owner,
                                                 ASTContext& Ctx) {
  std::vector<MemberWrite> Found;
  auto Writes = match(
      findAll(stmt(anyOf(unaryOperator(), binaryOperator(), cxxOperatorCallExpr())).bind("w")),
      Body, Ctx);
  for (const auto& N : Writes) {
    const auto* W = N.getNodeAs<Stmt>("w");
    const Expr* Target = writeTarget(W);
    const FieldDecl* F = Target ? writtenMemberOfThis(Target) : nullptr;
    const auto* Of = F ? dyn_cast<CXXRecordDecl>(F->getParent()) : nullptr;
    if (Of && (Of == Owner || Owner->isDerivedFrom(Of)) && !isAtomic(Target->getType(), Ctx) &&
        !isAtomic(F->getType(), Ctx))
      Found.push_back({W, F});
  }
  return Found;
}

bool isBelowOneOf(const Stmt* S, const std::vector<const Stmt*>& Roots) {
  llvm::SmallVector<const Stmt*, 16> Path;
  for (const Stmt* R : Roots)
    if (Path.clear(), pathTo(R, S, Path))
      return true;
  return false;
}

} // namespace clang::tidy::racelab
