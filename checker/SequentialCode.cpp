//===--- SequentialCode.cpp - racelab ----------------------------------*- C++ -*-===//
#include "SequentialCode.h"

#include "AstUtils.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

constexpr unsigned MaxDepth = 6;      // calls followed into function bodies
constexpr unsigned MaxExplored = 256; // function bodies read per TU: past it, assume a thread

// The function definition whose body holds `Loc`, found by descending the declarations by
// source range (the file's own declarations only): no parent map.
const FunctionDecl* functionContaining(SourceLocation Loc, ASTContext& Ctx) {
  const SourceManager& SM = Ctx.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  FileID File = SM.getFileID(Loc);
  const DeclContext* DC = Ctx.getTranslationUnitDecl();
  for (int Depth = 0; Depth < 32; ++Depth) {
    const Decl* Found = nullptr;
    for (const Decl* D : DC->decls()) {
      SourceLocation B = SM.getExpansionLoc(D->getBeginLoc());
      if (SM.getFileID(B) != File)
        continue;
      SourceLocation E = SM.getExpansionRange(D->getEndLoc()).getEnd();
      if (!SM.isBeforeInTranslationUnit(Loc, B) && !SM.isBeforeInTranslationUnit(E, Loc)) {
        Found = D;
        break;
      }
    }
    if (const auto* T = dyn_cast_or_null<FunctionTemplateDecl>(Found))
      Found = T->getTemplatedDecl();
    if (const auto* T = dyn_cast_or_null<ClassTemplateDecl>(Found))
      Found = T->getTemplatedDecl();
    if (const auto* F = dyn_cast_or_null<FunctionDecl>(Found))
      return F->doesThisDeclarationHaveABody() ? F : nullptr;
    DC = dyn_cast_or_null<DeclContext>(Found);
    if (!DC)
      return nullptr;
  }
  return nullptr;
}

// `n`, `this->n`, `stats.n` where stats is a member: an object reached through `this`.
bool isRootedInThis(const Expr* E) {
  E = E->IgnoreParenImpCasts();
  while (const auto* ME = dyn_cast<MemberExpr>(E)) {
    E = ME->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E))
      return true;
    if (ME->isArrow())
      return false;
  }
  return false;
}

bool isInStdNamespace(const Decl* D) {
  for (const DeclContext* DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto* NS = dyn_cast<NamespaceDecl>(DC);
        NS && (DC->isStdNamespace() || NS->getName() == "__gnu_cxx"))
      return true;
  return false;
}

// Standard functions that call whatever callable they were given, which the check cannot see.
bool invokesUnknownCallable(const FunctionDecl* F) {
  std::string Name = templateFreeName(F);
  return Name == "::std::invoke" || Name == "::std::apply" || Name == "::std::call_once" ||
         Name == "::std::function::operator()" || Name == "::std::move_only_function::operator()" ||
         Name == "::std::packaged_task::operator()";
}

} // namespace

// Every use of a function of the main file, and where it is: one walk of the main file's
// declarations (headers are not walked).
struct SequentialCode::References {
  struct Site {
    const FunctionDecl* In; ///< the function whose body holds the use; nullptr outside any
    const Stmt* Use;
    bool Call;     ///< the callee of a call (or a construction), not an address taken
    bool InLambda; ///< inside a lambda of `In`
  };
  llvm::DenseMap<const FunctionDecl*, std::vector<Site>> Of;

  explicit References(ASTContext& Ctx) {
    Walker W{*this};
    const SourceManager& SM = Ctx.getSourceManager();
    for (Decl* D : Ctx.getTranslationUnitDecl()->decls())
      if (SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
        W.TraverseDecl(D);
  }

private:
  struct Walker : RecursiveASTVisitor<Walker> {
    References& Out;
    std::vector<const FunctionDecl*> Functions;
    unsigned Lambdas = 0;
    llvm::DenseSet<const Expr*> Callees;

    explicit Walker(References& Out) : Out(Out) {}
    bool TraverseDecl(Decl* D) {
      const auto* F = dyn_cast_or_null<FunctionDecl>(D);
      if (F)
        Functions.push_back(F);
      bool Continue = RecursiveASTVisitor::TraverseDecl(D);
      if (F)
        Functions.pop_back();
      return Continue;
    }
    bool TraverseLambdaExpr(LambdaExpr* L) {
      ++Lambdas;
      bool Continue = RecursiveASTVisitor::TraverseLambdaExpr(L);
      --Lambdas;
      return Continue;
    }
    void add(const FunctionDecl* F, const Expr* Use, bool Call) {
      Out.Of[F->getCanonicalDecl()].push_back(
          {Functions.empty() ? nullptr : Functions.back(), Use, Call, Lambdas > 0});
    }
    bool VisitCallExpr(CallExpr* C) {
      if (const Expr* Callee = C->getCallee())
        Callees.insert(Callee->IgnoreParenImpCasts());
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr* E) {
      if (const auto* F = dyn_cast<FunctionDecl>(E->getDecl()))
        add(F, E, Callees.count(E));
      return true;
    }
    bool VisitMemberExpr(MemberExpr* E) {
      if (const auto* F = dyn_cast<FunctionDecl>(E->getMemberDecl()))
        add(F, E, Callees.count(E));
      return true;
    }
    bool VisitCXXConstructExpr(CXXConstructExpr* E) {
      add(E->getConstructor(), E, true);
      return true;
    }
  };
};

SequentialCode::SequentialCode(const SpawnModel& Spawns) : Spawns(Spawns) {}
SequentialCode::~SequentialCode() = default;

void SequentialCode::reset() {
  Main = nullptr;
  MainKnown = false;
  MainPrefix = 0;
  Refs.reset();
  NoThread.clear();
  Sequential.clear();
}

bool SequentialCode::functionStartsNoThread(const FunctionDecl* F, ASTContext& Ctx,
                                            unsigned Depth) {
  if (F->getBuiltinID() || (isa<CXXConstructorDecl>(F) && cast<CXXConstructorDecl>(F)->isTrivial()))
    return true;
  const SourceManager& SM = Ctx.getSourceManager();
  bool System = SM.isInSystemHeader(F->getLocation());
  // The standard library starts a thread only through the spawns (std::thread, std::async),
  // which are asked about first; the C library (extern "C" in a system header) starts none but
  // pthread_create, a spawn too.
  if (System && (isInStdNamespace(F) || F->isExternC()))
    return !invokesUnknownCallable(F);
  const auto* M = dyn_cast<CXXMethodDecl>(F);
  const FunctionDecl* Def = F->getDefinition();
  if (System || (M && M->isVirtual()) || !Def || !Def->getBody() || Depth >= MaxDepth)
    return false;
  auto [It, New] = NoThread.try_emplace(Def, false); // false while in progress: recursion
  if (!New)
    return It->second;
  if (NoThread.size() > MaxExplored)
    return false;
  bool Result = startsNoThread(Def->getBody(), Ctx, Depth + 1);
  if (const auto* C = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer* Init : C->inits())
      Result = Result && startsNoThread(Init->getInit(), Ctx, Depth + 1);
  NoThread[Def] = Result;
  return Result;
}

bool SequentialCode::startsNoThread(const Stmt* S, ASTContext& Ctx, unsigned Depth) {
  if (!S)
    return true;
  if (!match(findAll(Spawns.anySpawn()), *S, Ctx).empty())
    return false;
  auto Calls = match(findAll(expr(anyOf(callExpr(), cxxConstructExpr())).bind("c")), *S, Ctx);
  for (const auto& N : Calls) {
    const auto* E = N.getNodeAs<Expr>("c");
    const FunctionDecl* F = nullptr;
    if (const auto* C = dyn_cast<CallExpr>(E))
      F = C->getDirectCallee();
    else
      F = cast<CXXConstructExpr>(E)->getConstructor();
    if (!F || !functionStartsNoThread(F, Ctx, Depth))
      return false; // a call through a pointer, or to code that may start one
  }
  return true;
}

// `S` is a top-level statement of main, or inside one, and every top-level statement up to and
// including that one starts no thread.
bool SequentialCode::inMainBeforeThreads(const Stmt* S) {
  const auto* Body = Main ? dyn_cast_or_null<CompoundStmt>(Main->getBody()) : nullptr;
  if (!Body)
    return false;
  unsigned I = 0;
  llvm::SmallVector<const Stmt*, 16> Path;
  for (const Stmt* Top : Body->body()) {
    if (I++ >= MainPrefix)
      return false;
    Path.clear();
    if (pathTo(Top, S, Path))
      return true;
  }
  return false;
}

// A function of the main file with internal linkage (no other TU can call it), not virtual,
// called at least once, and only ever called directly from main before its threads or from
// other such functions, outside lambdas.
bool SequentialCode::isSequentialFunction(const FunctionDecl* F, ASTContext& Ctx, unsigned Depth) {
  F = F->getCanonicalDecl();
  const auto* M = dyn_cast<CXXMethodDecl>(F);
  const SourceManager& SM = Ctx.getSourceManager();
  if (F->isExternallyVisible() || (M && M->isVirtual()) || F->isMain() || Depth >= MaxDepth ||
      !SM.isInMainFile(SM.getExpansionLoc(F->getLocation())))
    return false;
  auto [It, New] = Sequential.try_emplace(F, false); // false while in progress: recursion
  if (!New)
    return It->second;
  if (!Refs)
    Refs = std::make_unique<References>(Ctx);
  auto Sites = Refs->Of.find(F);
  bool Result = Sites != Refs->Of.end() && !Sites->second.empty();
  if (Result)
    for (const References::Site& Use : Sites->second) {
      Result = Use.Call && !Use.InLambda && Use.In &&
               (Use.In->isMain() ? inMainBeforeThreads(Use.Use)
                                 : isSequentialFunction(Use.In, Ctx, Depth + 1));
      if (!Result)
        break;
    }
  Sequential[F] = Result;
  return Result;
}

bool SequentialCode::isSequential(const Stmt* At, const Expr* Obj, ASTContext& Ctx) {
  const FunctionDecl* F = functionContaining(At->getBeginLoc(), Ctx);
  llvm::SmallVector<const Stmt*, 16> Path;
  if (!F || !pathTo(F->getBody(), At, Path))
    return false; // not found (a template's instantiation, a local class): assume the worst
  for (const Stmt* S : Path)
    if (isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      return false; // a lambda may run anywhere
  // An object under construction or destruction is not yet (or no longer) shared.
  if ((isa<CXXConstructorDecl>(F) || isa<CXXDestructorDecl>(F)) && isRootedInThis(Obj))
    return true;
  if (!MainKnown) {
    MainKnown = true;
    for (const NamedDecl* D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("main")))
      if (const auto* FD = dyn_cast<FunctionDecl>(D); FD && FD->isMain() && FD->getDefinition())
        Main = FD->getDefinition();
    if (const auto* Body = Main ? dyn_cast_or_null<CompoundStmt>(Main->getBody()) : nullptr)
      for (const Stmt* Top : Body->body()) {
        if (!startsNoThread(Top, Ctx, 0))
          break;
        ++MainPrefix;
      }
  }
  if (F->isMain())
    return inMainBeforeThreads(At);
  return isSequentialFunction(F, Ctx, 0);
}

} // namespace clang::tidy::racelab
