//===--- UnsynchronizedSharedWriteCheck.cpp - racelab ------------------*- C++ -*-===//
#include "UnsynchronizedSharedWriteCheck.h"

#include "SpawnAnalysis.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

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

// Whether `S` sits inside a loop of `Body` (found top-down: no parent map needed).
bool isInLoop(const Stmt* S, const Stmt* Body, ASTContext& Ctx) {
  auto Loops =
      match(findAll(stmt(anyOf(forStmt(), whileStmt(), doStmt(), cxxForRangeStmt())).bind("loop")),
            *Body, Ctx);
  for (const auto& N : Loops)
    if (!match(findAll(stmt(equalsNode(S))), *N.getNodeAs<Stmt>("loop"), Ctx).empty())
      return true;
  return false;
}

// The statements from `Root` down to `Target` (both included), or empty when `Target` is not
// below `Root`.
bool pathTo(const Stmt* Root, const Stmt* Target, llvm::SmallVectorImpl<const Stmt*>& Path) {
  if (!Root)
    return false;
  Path.push_back(Root);
  if (Root == Target)
    return true;
  for (const Stmt* Child : Root->children())
    if (pathTo(Child, Target, Path))
      return true;
  Path.pop_back();
  return false;
}
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

} // namespace

UnsynchronizedSharedWriteCheck::UnsynchronizedSharedWriteCheck(StringRef Name,
                                                               ClangTidyContext* Context)
    : ClangTidyCheck(Name, Context), RawSpawnFunctions(Options.get("SpawnFunctions", "")),
      RawLockTypes(
          Options.get("LockTypes", "::std::lock_guard;::std::unique_lock;::std::scoped_lock")) {
  LockTypes = parseQualifiedNames(RawLockTypes);
  SpawnFunctions = parseQualifiedNames(DefaultSpawnFunctions);
  for (std::string& F : parseQualifiedNames(RawSpawnFunctions))
    SpawnFunctions.push_back(std::move(F));
}

void UnsynchronizedSharedWriteCheck::storeOptions(ClangTidyOptions::OptionMap& Opts) {
  Options.store(Opts, "SpawnFunctions", RawSpawnFunctions);
  Options.store(Opts, "LockTypes", RawLockTypes);
}

void UnsynchronizedSharedWriteCheck::registerMatchers(MatchFinder* Finder) {
  // Whether a local is shared depends on every spawn of the function, so the unit of analysis
  // is a function body that contains a spawn (found top-down, without the TU's parent map).
  auto M = spawnMatchers(SpawnFunctions);
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()),
                   hasBody(stmt(hasDescendant(stmt(anyOf(M[0], M[1], M[2])))).bind("body"))),
      this);
}

void UnsynchronizedSharedWriteCheck::check(const MatchFinder::MatchResult& Result) {
  ASTContext& Ctx = *Result.Context;
  const auto* Body = Result.Nodes.getNodeAs<Stmt>("body");
  if (!Body || !Analyzed.insert(Body).second)
    return;

  std::vector<Spawn> Spawns;
  for (const auto& M : spawnMatchers(SpawnFunctions))
    for (const auto& N : match(findAll(M), *Body, Ctx))
      if (std::optional<Spawn> S = describeSpawn(N.getNodeAs<Expr>("spawn"), SpawnFunctions))
        Spawns.push_back(std::move(*S));

  auto LockAlive = [&](const Stmt* W, const LambdaExpr* L) {
    llvm::SmallVector<const Stmt*, 16> Path;
    if (!pathTo(L->getBody(), W, Path))
      return false;
    // Blocks on the way down to the write, innermost last: a guard declared before the
    // statement that leads to the write is still alive there; an explicit lock() not yet
    // matched by unlock() holds the lock too.
    for (size_t I = 0; I + 1 < Path.size(); ++I) {
      const auto* Block = dyn_cast<CompoundStmt>(Path[I]);
      if (!Block)
        continue;
      const Stmt* Child = Path[I + 1];
      bool Locked = false;
      for (const Stmt* Sibling : Block->body()) {
        if (Sibling == Child)
          break;
        if (const auto* DS = dyn_cast<DeclStmt>(Sibling)) {
          for (const Decl* D : DS->decls())
            if (const auto* V = dyn_cast<VarDecl>(D);
                V && isOneOfClasses(V->getType(), LockTypes, Ctx) && !constructedWithDeferLock(V))
              Locked = true;
        } else if (const auto* MC = dyn_cast<CXXMemberCallExpr>(Sibling->IgnoreContainers());
                   MC && MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier()) {
          StringRef N = MC->getMethodDecl()->getName();
          if (N == "lock")
            Locked = true;
          else if (N == "unlock")
            Locked = false;
        }
      }
      if (Locked)
        return true;
    }
    return false;
  };

  struct Write {
    const Stmt* At;
    const Spawn* By;
  };
  llvm::MapVector<const VarDecl*, std::vector<Write>> StaticWrites, LocalWrites;
  for (const Spawn& S : Spawns) {
    for (const Expr* Arg : S.Args) {
      const LambdaExpr* L = lambdaOf(Arg, Ctx);
      if (!L)
        continue;
      auto Writes = match(
          findAll(stmt(anyOf(unaryOperator(), binaryOperator(), cxxOperatorCallExpr())).bind("w")),
          *L->getBody(), Ctx);
      for (const auto& N : Writes) {
        const auto* W = N.getNodeAs<Stmt>("w");
        const Expr* Target = writeTarget(W);
        if (!Target)
          continue;
        const VarDecl* V = writtenVariable(Target);
        if (!V || isOneOfClasses(Target->getType(), {"::std::atomic", "::std::atomic_ref"}, Ctx) ||
            isOneOfClasses(V->getType(), {"::std::atomic", "::std::atomic_ref"}, Ctx))
          continue;
        if (V->hasGlobalStorage()) {
          if (V->getTLSKind() != VarDecl::TLS_None)
            continue; // thread_local: one per thread
          if (!LockAlive(W, L))
            StaticWrites[V].push_back({W, &S});
          continue;
        }
        // A local of the enclosing function, captured by reference by this lambda; locals and
        // parameters of the lambda itself, and by-value captures, belong to one thread.
        bool ByRef = false;
        for (const LambdaCapture& C : L->captures())
          if (C.capturesVariable() && C.getCapturedVar() == V)
            ByRef = C.getCaptureKind() == LCK_ByRef;
        if (ByRef && !LockAlive(W, L))
          LocalWrites[V].push_back({W, &S});
      }
    }
  }

  auto Report = [&](const Write& W, const VarDecl* V, StringRef Why) {
    if (!Reported.insert(W.At->getBeginLoc().getRawEncoding()).second)
      return;
    SourceLocation Loc = W.At->getBeginLoc();
    if (const auto* U = dyn_cast<UnaryOperator>(W.At))
      Loc = U->getOperatorLoc();
    else if (const auto* B = dyn_cast<BinaryOperator>(W.At))
      Loc = B->getOperatorLoc();
    else if (const auto* Op = dyn_cast<CXXOperatorCallExpr>(W.At))
      Loc = Op->getOperatorLoc();
    diag(Loc, "unsynchronized write to %0 in a spawned thread: %1; make it std::atomic or hold a "
              "lock (e.g. std::lock_guard) while writing")
        << V << Why;
    diag(W.By->Call->getExprLoc(), "the thread is started here", DiagnosticIDs::Note);
  };
  for (const auto& [V, Ws] : StaticWrites)
    for (const Write& W : Ws)
      Report(W, V, "it has static storage duration, so every thread shares it");
  for (const auto& [V, Ws] : LocalWrites) {
    llvm::SmallPtrSet<const Spawn*, 4> Writers;
    bool InLoop = false;
    for (const Write& W : Ws) {
      Writers.insert(W.By);
      InLoop = InLoop || isInLoop(W.By->Call, Body, Ctx);
    }
    if (Writers.size() < 2 && !InLoop)
      continue; // one writer: joined before anyone reads, it is no race
    std::string Why =
        InLoop ? "it is written by threads spawned in a loop"
               : "it is written by " + std::to_string(Writers.size()) + " spawned threads";
    for (const Write& W : Ws)
      Report(W, V, Why);
  }
}

} // namespace clang::tidy::racelab
