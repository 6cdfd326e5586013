//===--- AtomicSplitUpdateCheck.cpp - racelab --------------------------*- C++ -*-===//
#include "AtomicSplitUpdateCheck.h"
#include "AstUtils.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

#include <optional>
#include <string>

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

// `callee(cxxMethodDecl(hasName("store")))` as one leaf: every member call of the TU is tried.
// Outside the anonymous namespace: the unity builds of the other LLVM majors would find two
// `internal` namespaces from inside `racelab`.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
AST_MATCHER(CXXMemberCallExpr, callsStore) {
  const CXXMethodDecl* M = Node.getMethodDecl();
  return M && M->getIdentifier() && M->getName() == "store";
}
#pragma clang diagnostic pop

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

AtomicSplitUpdateCheck::AtomicSplitUpdateCheck(StringRef Name, ClangTidyContext* Context)
    : ClangTidyCheck(Name, Context), RawSingleWriter(Options.get("SingleWriter", "")),
      SingleWriter(parseQualifiedNames(RawSingleWriter)), Profiles(Options),
      Spawns(Options, Profiles), Sequential(Spawns) {}

void AtomicSplitUpdateCheck::storeOptions(ClangTidyOptions::OptionMap& Opts) {
  Options.store(Opts, "SingleWriter", RawSingleWriter);
  Profiles.storeOptions(Options, Opts);
  Spawns.storeOptions(Options, Opts);
}

// Named in the SingleWriter option, or declared `[[clang::annotate("racelab::single_writer")]]`:
// the declaration says so where a reader of the code sees it.
bool AtomicSplitUpdateCheck::isSingleWriter(const Expr* Obj) const {
  Obj = Obj->IgnoreParenImpCasts();
  const ValueDecl* D = nullptr;
  if (const auto* DRE = dyn_cast<DeclRefExpr>(Obj))
    D = DRE->getDecl();
  else if (const auto* ME = dyn_cast<MemberExpr>(Obj))
    D = ME->getMemberDecl();
  if (!D)
    return false;
  for (const Decl* Redecl : D->redecls())
    for (const auto* A : Redecl->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == "racelab::single_writer")
        return true;
  return !SingleWriter.empty() && isNamedOneOf(D, SingleWriter);
}

void AtomicSplitUpdateCheck::registerMatchers(MatchFinder* Finder) {
  // Where the node was expanded is asked last: the operator's or method's name rejects almost
  // every node more cheaply.
  auto NotSystem = unless(isExpansionInSystemHeader());
  // a = <expr>   (atomic::operator=(T))
  Finder->addMatcher(cxxOperatorCallExpr(hasOverloadedOperatorName("="), argumentCountIs(2),
                                         hasArgument(0, expr(hasType(atomicType())).bind("obj")),
                                         NotSystem)
                         .bind("assign"),
                     this);
  // a.store(<expr>, ...)
  Finder->addMatcher(
      cxxMemberCallExpr(callsStore(), NotSystem, on(expr(hasType(atomicType())).bind("obj")))
          .bind("store"),
      this);
  // if (<reads a>) a.store(<expr>) / a = <expr>: a check-then-act split the same way
  // (`if (n > max.load()) max.store(n)`), whatever the stored value reads.
  StatementMatcher AtomicWrite = anyOf(
      cxxMemberCallExpr(callsStore(), on(expr(hasType(atomicType())).bind("obj"))).bind("store"),
      cxxOperatorCallExpr(hasOverloadedOperatorName("="), argumentCountIs(2),
                          hasArgument(0, expr(hasType(atomicType())).bind("obj")))
          .bind("assign"));
  Finder->addMatcher(ifStmt(NotSystem, hasCondition(hasDescendant(expr(hasType(atomicType())))),
                            hasThen(stmt(eachOf(AtomicWrite, forEachDescendant(AtomicWrite)))))
                         .bind("if"),
                     this);
}

namespace {

/// What to suggest for one split update: the operation to use, and the exact rewrite when
/// there is one.
struct Cure {
  std::string Use; ///< "'a += ...'", "'fetch_add'"; empty: a compare_exchange_weak loop
  std::optional<FixItHint> Fix;
};

/// The split update being looked at: `Obj = Value` or `Obj.store(Value, ...)`.
struct SplitUpdate {
  const Expr* Obj;
  const CXXOperatorCallExpr* Assign; ///< or
  const CXXMemberCallExpr* Store;
  const SourceManager& SM;
  const LangOptions& LangOpts;

  const Expr* whole() const {
    return Assign ? static_cast<const Expr*>(Assign) : static_cast<const Expr*>(Store);
  }
  std::string text(const Expr* E) const {
    return Lexer::getSourceText(CharSourceRange::getTokenRange(E->getSourceRange()), SM, LangOpts)
        .str();
  }
  FixItHint replaceWhole(std::string By) const {
    return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(whole()->getSourceRange()),
                                        std::move(By));
  }
};

// a = a + k  ->  a += k (when the atomic type has the operator).
Cure cureOfAssign(const SplitUpdate& U, bool Add, const Expr* K) {
  std::string Op = Add ? "+=" : "-=";
  Cure C{"'" + U.text(U.Obj) + " " + Op + " ...'", std::nullopt};
  if (hasMember(U.Obj, "operator" + Op))
    C.Fix = U.replaceWhole(U.text(U.Obj) + " " + Op + " " + U.text(K));
  return C;
}

// The memory order an explicit load() or store() was given, or "" for the default.
std::string explicitOrder(const SplitUpdate& U, const CXXMemberCallExpr* Call, unsigned Arg) {
  if (isa<CXXConversionDecl>(Call->getMethodDecl()) || Call->getNumArgs() <= Arg ||
      isa<CXXDefaultArgExpr>(Call->getArg(Arg)))
    return "";
  return U.text(Call->getArg(Arg));
}

// a.store(a.load(o) + k, o)  ->  a.fetch_add(k, o): only when both orders agree.
Cure cureOfStore(const SplitUpdate& U, bool Add, const Expr* K, const CXXMemberCallExpr* Load) {
  std::string Fn = Add ? "fetch_add" : "fetch_sub";
  Cure C{"'" + Fn + "'", std::nullopt};
  std::string StoreOrder = explicitOrder(U, U.Store, 1);
  if (explicitOrder(U, Load, 0) == StoreOrder && hasMember(U.Obj, Fn))
    C.Fix = U.replaceWhole(U.text(U.Obj) + "." + Fn + "(" + U.text(K) +
                           (StoreOrder.empty() ? "" : ", " + StoreOrder) + ")");
  return C;
}

// The exact rewrites: a = a + k, a = k + a, a = a - k, and the same inside store().
Cure cureOf(const SplitUpdate& U, const Expr* Value) {
  const auto* Bin = dyn_cast<BinaryOperator>(Value->IgnoreParenImpCasts());
  if (!Bin || (Bin->getOpcode() != BO_Add && Bin->getOpcode() != BO_Sub))
    return {};
  const bool Add = Bin->getOpcode() == BO_Add;
  const Expr* K = nullptr;
  const CXXMemberCallExpr* Load = nullptr;
  if ((Load = asLoadOf(Bin->getLHS(), U.Obj)))
    K = Bin->getRHS();
  else if (Add && (Load = asLoadOf(Bin->getRHS(), U.Obj)))
    K = Bin->getLHS();
  const bool InMacro = U.whole()->getBeginLoc().isMacroID() || U.whole()->getEndLoc().isMacroID();
  if (!K || readsObject(K, U.Obj) || InMacro)
    return {};
  return U.Assign ? cureOfAssign(U, Add, K) : cureOfStore(U, Add, K, Load);
}

} // namespace

void AtomicSplitUpdateCheck::check(const MatchFinder::MatchResult& Result) {
  const auto* Assign = Result.Nodes.getNodeAs<CXXOperatorCallExpr>("assign");
  const auto* Store = Result.Nodes.getNodeAs<CXXMemberCallExpr>("store");
  SplitUpdate U{Result.Nodes.getNodeAs<Expr>("obj"), Assign, Store, *Result.SourceManager,
                getLangOpts()};
  if (isSingleWriter(U.Obj))
    return;
  const Expr* Value =
      Assign ? Assign->getArg(1) : (Store->getNumArgs() ? Store->getArg(0) : nullptr);
  if (const auto* If = Result.Nodes.getNodeAs<IfStmt>("if")) {
    // The store itself is matched on its own when its value reads the atomic.
    if (Value && !readsObject(Value, U.Obj) && readsObject(If->getCond(), U.Obj) &&
        !Sequential.isSequential(If, U.Obj, *Result.Context))
      diag(Assign ? Assign->getOperatorLoc() : Store->getExprLoc(),
           "check-then-act on atomic '%0' is split: another thread may store between the "
           "load in the condition and this store, and its update is lost (ThreadSanitizer "
           "cannot see it: there is no data race): use a compare_exchange_weak loop")
          << U.text(U.Obj);
    return;
  }
  // Only a concurrent update can be lost: not one in main before any thread, say.
  if (!Value || !readsObject(Value, U.Obj) ||
      Sequential.isSequential(U.whole(), U.Obj, *Result.Context))
    return;
  Cure C = cureOf(U, Value);
  SourceLocation Loc = Assign ? Assign->getOperatorLoc() : Store->getExprLoc();
  auto D = diag(Loc, "read-modify-write of atomic '%0' is split into a load and a store; an update "
                     "made by another thread in between is lost, and ThreadSanitizer cannot see it "
                     "(there is no data race): use %1")
           << U.text(U.Obj) << (C.Use.empty() ? "a compare_exchange_weak loop" : C.Use);
  if (C.Fix)
    D << *C.Fix;
}

} // namespace clang::tidy::racelab
