//===--- AtomicSplitUpdateCheck.cpp - racelab --------------------------*- C++ -*-===//
#include "AtomicSplitUpdateCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

auto atomicType() {
  return hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(cxxRecordDecl(hasAnyName("::std::atomic", "::std::atomic_ref")))));
}

// The same object, spelled twice: the same variable, or the same member of the same object.
bool sameObject(const Expr* A, const Expr* B) {
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
  if (const auto* DA = dyn_cast<DeclRefExpr>(A)) {
    const auto* DB = dyn_cast<DeclRefExpr>(B);
    return DB && DA->getDecl()->getCanonicalDecl() == DB->getDecl()->getCanonicalDecl();
  }
  if (const auto* MA = dyn_cast<MemberExpr>(A)) {
    const auto* MB = dyn_cast<MemberExpr>(B);
    return MB && MA->getMemberDecl() == MB->getMemberDecl() && MA->isArrow() == MB->isArrow() &&
           sameObject(MA->getBase(), MB->getBase());
  }
  if (isa<CXXThisExpr>(A))
    return isa<CXXThisExpr>(B);
  if (const auto* UA = dyn_cast<UnaryOperator>(A)) {
    const auto* UB = dyn_cast<UnaryOperator>(B);
    return UB && UA->getOpcode() == UO_Deref && UB->getOpcode() == UO_Deref &&
           sameObject(UA->getSubExpr(), UB->getSubExpr());
  }
  return false;
}

// If `E` reads the atomic `Obj` (an implicit conversion `a` or an explicit `a.load(...)`),
// returns that call.
const CXXMemberCallExpr* asLoadOf(const Expr* E, const Expr* Obj) {
  const auto* MC = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  if (!MC || !MC->getMethodDecl())
    return nullptr;
  const CXXMethodDecl* M = MC->getMethodDecl();
  bool IsLoad = isa<CXXConversionDecl>(M) || (M->getIdentifier() && M->getName() == "load");
  return IsLoad && sameObject(MC->getImplicitObjectArgument(), Obj) ? MC : nullptr;
}

// Does `E` read `Obj` anywhere?
bool readsObject(const Stmt* E, const Expr* Obj) {
  if (!E)
    return false;
  if (const auto* X = dyn_cast<Expr>(E); X && asLoadOf(X, Obj))
    return true;
  for (const Stmt* Child : E->children())
    if (readsObject(Child, Obj))
      return true;
  return false;
}

bool hasMember(const Expr* Obj, StringRef Name) {
  const auto* RD = Obj->getType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  auto Has = [&](const CXXRecordDecl* R) {
    for (const auto* D : R->decls())
      if (const auto* ND = dyn_cast<NamedDecl>(D))
        if (ND->getDeclName().getAsString() == Name)
          return true;
    return false;
  };
  if (Has(RD->getDefinition()))
    return true;
  for (const CXXBaseSpecifier& B : RD->getDefinition()->bases())
    if (const auto* BR = B.getType()->getAsCXXRecordDecl();
        BR && BR->hasDefinition() && Has(BR->getDefinition()))
      return true;
  return false;
}

} // namespace

void AtomicSplitUpdateCheck::registerMatchers(MatchFinder* Finder) {
  auto NotSystem = unless(isExpansionInSystemHeader());
  // a = <expr>   (atomic::operator=(T))
  Finder->addMatcher(cxxOperatorCallExpr(NotSystem, hasOverloadedOperatorName("="),
                                         argumentCountIs(2),
                                         hasArgument(0, expr(hasType(atomicType())).bind("obj")))
                         .bind("assign"),
                     this);
  // a.store(<expr>, ...)
  Finder->addMatcher(cxxMemberCallExpr(NotSystem, callee(cxxMethodDecl(hasName("store"))),
                                       on(expr(hasType(atomicType())).bind("obj")))
                         .bind("store"),
                     this);
}

void AtomicSplitUpdateCheck::check(const MatchFinder::MatchResult& Result) {
  const SourceManager& SM = *Result.SourceManager;
  const auto* Obj = Result.Nodes.getNodeAs<Expr>("obj");
  const auto* Assign = Result.Nodes.getNodeAs<CXXOperatorCallExpr>("assign");
  const auto* Store = Result.Nodes.getNodeAs<CXXMemberCallExpr>("store");
  const Expr* Value =
      Assign ? Assign->getArg(1) : (Store->getNumArgs() ? Store->getArg(0) : nullptr);
  if (!Value || !readsObject(Value, Obj))
    return;
  const Expr* Whole = Assign ? static_cast<const Expr*>(Assign) : Store;
  SourceLocation Loc = Assign ? Assign->getOperatorLoc() : Store->getExprLoc();

  auto Text = [&](const Expr* E) {
    return Lexer::getSourceText(CharSourceRange::getTokenRange(E->getSourceRange()), SM,
                                getLangOpts())
        .str();
  };
  std::string Name = Text(Obj);

  // The exact rewrites: a = a + k, a = k + a, a = a - k, and the same inside store().
  const auto* Bin = dyn_cast<BinaryOperator>(Value->IgnoreParenImpCasts());
  std::optional<FixItHint> Fix;
  std::string Use;
  if (Bin && (Bin->getOpcode() == BO_Add || Bin->getOpcode() == BO_Sub)) {
    const bool Add = Bin->getOpcode() == BO_Add;
    const Expr* K = nullptr;
    const CXXMemberCallExpr* Load = nullptr;
    if ((Load = asLoadOf(Bin->getLHS(), Obj)))
      K = Bin->getRHS();
    else if (Add && (Load = asLoadOf(Bin->getRHS(), Obj)))
      K = Bin->getLHS();
    const bool Macro = Whole->getBeginLoc().isMacroID() || Whole->getEndLoc().isMacroID();
    if (K && !readsObject(K, Obj) && !Macro) {
      if (Assign) {
        std::string Op = Add ? "+=" : "-=";
        Use = "'" + Name + " " + Op + " ...'";
        if (hasMember(Obj, "operator" + Op))
          Fix =
              FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Whole->getSourceRange()),
                                           Name + " " + Op + " " + Text(K));
      } else {
        // a.store(a.load(o) + k, o) -> a.fetch_add(k, o): only when both orders agree.
        std::string LoadOrder = Load->getNumArgs() ? Text(Load->getArg(0)) : "";
        std::string StoreOrder =
            Store->getNumArgs() > 1 && !isa<CXXDefaultArgExpr>(Store->getArg(1))
                ? Text(Store->getArg(1))
                : "";
        if (isa<CXXConversionDecl>(Load->getMethodDecl()))
          LoadOrder = "";
        if (Load->getNumArgs() && isa<CXXDefaultArgExpr>(Load->getArg(0)))
          LoadOrder = "";
        std::string Fn = Add ? "fetch_add" : "fetch_sub";
        Use = "'" + Fn + "'";
        if (LoadOrder == StoreOrder && hasMember(Obj, Fn))
          Fix =
              FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Whole->getSourceRange()),
                                           Name + "." + Fn + "(" + Text(K) +
                                               (StoreOrder.empty() ? "" : ", " + StoreOrder) + ")");
      }
    }
  }
  if (Use.empty())
    Use = "a compare_exchange_weak loop";
  auto D = diag(Loc, "read-modify-write of atomic '%0' is split into a load and a store; an update "
                     "made by another thread in between is lost, and ThreadSanitizer cannot see it "
                     "(there is no data race): use %1")
           << Name << Use;
  if (Fix)
    D << *Fix;
}

} // namespace clang::tidy::racelab
