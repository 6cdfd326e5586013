//===--- ContextEscapeCheck.cpp - racelab ------------------------------*- C++ -*-===//
#include "ContextEscapeCheck.h"

#include "AstUtils.h"

#include "clang-tidy/utils/LexerUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

std::string quoted(StringRef S) {
  return "'" + S.str() + "'";
}

// The name to print for an expression handed over: the variable's or member's, else a phrase.
std::string nameOf(const Expr* E) {
  if (const auto* D = dyn_cast<DeclRefExpr>(E))
    return D->getDecl()->getName().str();
  if (const auto* M = dyn_cast<MemberExpr>(E))
    return M->getMemberDecl()->getName().str();
  return "the context";
}

} // namespace

ContextEscapeCheck::ContextEscapeCheck(StringRef Name, ClangTidyContext* Context)
    : ContextCheckBase(Name, Context, ContextModel::AlsoReads::CopyMethod,
                       "the context is reset or destroyed when the request ends") {}

std::vector<ContextCheckBase::Finding> ContextEscapeCheck::collectFindings(SpawnSite& Site) {
  std::vector<Finding> Findings;
  for (const Expr* Arg : Site.S.Args) {
    if (const LambdaExpr* L = lambdaOf(Arg))
      collectCaptures(L, Site, Findings);
    else if (std::optional<Finding> F = argumentFinding(Arg, Site.Ctx))
      Findings.push_back(std::move(*F));
  }
  return Findings;
}

void ContextEscapeCheck::collectCaptures(const LambdaExpr* L, SpawnSite& Site,
                                         std::vector<Finding>& Out) {
  for (const LambdaCapture& C : L->captures()) {
    std::optional<Finding> F = C.capturesThis()       ? captureThroughThis(C, L, Site)
                               : C.capturesVariable() ? captureOfVariable(C, L, Site)
                                                      : std::nullopt;
    if (F)
      Out.push_back(std::move(*F));
  }
}

// Through `this`: only when the body uses a member that refers or points to a context.
std::optional<ContextCheckBase::Finding>
ContextEscapeCheck::captureThroughThis(const LambdaCapture& C, const LambdaExpr* L,
                                       SpawnSite& Site) {
  auto Members = match(findAll(memberExpr(hasObjectExpression(ignoringParenImpCasts(cxxThisExpr())),
                                          member(fieldDecl().bind("field")))),
                       *L->getBody(), Site.Ctx);
  for (const auto& N : Members) {
    const auto* Field = N.getNodeAs<FieldDecl>("field");
    ContextHandle H = Contexts.handleOf(Field->getType(), Site.Ctx);
    if (H.How == Holding::Reference || H.How == Holding::Pointer)
      return Finding{C.getLocation(), "original context member " + quoted(Field->getName()),
                     "captured through 'this'", Contexts.cureFor("capture", Field->getName(), H),
                     std::nullopt};
  }
  return std::nullopt;
}

// [&c], [p], [&] using c: a reference or pointer to the original. [c] or [x = c] copies the
// object itself: a snapshot, not the original.
std::optional<ContextCheckBase::Finding>
ContextEscapeCheck::captureOfVariable(const LambdaCapture& C, const LambdaExpr* L,
                                      SpawnSite& Site) {
  const ValueDecl* V = C.getCapturedVar();
  ContextHandle H = Contexts.handleOf(V->getType(), Site.Ctx);
  const bool ByRef = C.getCaptureKind() == LCK_ByRef;
  if (!H || (H.How != Holding::Pointer && !ByRef))
    return std::nullopt;
  std::string Cure = Contexts.cureFor("capture", V->getName(), H);
  if (H.How == Holding::Pointer)
    return Finding{C.getLocation(), "original context pointer " + quoted(V->getName()),
                   ByRef ? "captured by reference" : "captured by value", Cure, std::nullopt};
  return Finding{C.getLocation(), "original context " + quoted(V->getName()),
                 C.isImplicit() ? "captured by reference (by the '[&]' default)"
                                : "captured by reference", // init-captures are explicit
                 Cure, copyFixIt(C, L, Site)};
}

// [&c] -> [c = c.copy()], only when the body uses nothing but the copy's API; [&] becomes the
// copy when the context is the lambda's only capture.
std::optional<FixItHint> ContextEscapeCheck::copyFixIt(const LambdaCapture& C, const LambdaExpr* L,
                                                       SpawnSite& Site) {
  const ValueDecl* V = C.getCapturedVar();
  const bool InitCapture = isa<VarDecl>(V) && cast<VarDecl>(V)->isInitCapture();
  const bool Mutable = L->getCallOperator() && !L->getCallOperator()->isConst();
  if (InitCapture || Site.InTemplate() || C.isPackExpansion() || !C.getLocation().isFileID() ||
      !Contexts.onlyUsesCopyApi(V, L->getBody(), Contexts.copyClassOf(V->getType()), Mutable,
                                Site.Ctx))
    return std::nullopt;
  std::string Name = V->getName().str();
  std::string Replacement = Name + " = " + Name + "." + Contexts.copyMethod().str() + "()";
  if (C.isExplicit()) {
    Token Amp = utils::lexer::getPreviousToken(C.getLocation(), Site.SM, getLangOpts());
    if (!Amp.is(tok::amp))
      return std::nullopt;
    return FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Amp.getLocation(), C.getLocation()), Replacement);
  }
  if (L->getCaptureDefault() == LCD_ByRef && L->capture_size() == 1 &&
      L->getCaptureDefaultLoc().isFileID())
    return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(L->getCaptureDefaultLoc()),
                                        Replacement);
  return std::nullopt;
}

// Not a lambda: std::ref(c), &c, or a pointer to a context handed over as an argument.
std::optional<ContextCheckBase::Finding> ContextEscapeCheck::argumentFinding(const Expr* Arg,
                                                                             ASTContext& Ctx) {
  const Expr* A = stripWrappers(Arg)->IgnoreCasts();
  if (const auto* Call = dyn_cast<CallExpr>(A); Call && Call->getNumArgs() == 1 &&
                                                Call->getDirectCallee() &&
                                                Call->getDirectCallee()->getIdentifier()) {
    // f(x) hands over what f returns: only std::ref and std::cref hand over x itself.
    if (!isCallTo(Call, "::std::ref") && !isCallTo(Call, "::std::cref"))
      return std::nullopt;
    const Expr* Inner = Call->getArg(0)->IgnoreParenImpCasts();
    ContextHandle H = Contexts.handleOf(Inner->getType(), Ctx);
    if (!H)
      return std::nullopt;
    std::string Name = isa<DeclRefExpr>(Inner) ? nameOf(Inner) : "the context";
    return Finding{A->getBeginLoc(), "original context " + quoted(Name),
                   "passed by " + qualifiedName(Call->getDirectCallee()).substr(2),
                   Contexts.cureFor("pass", Name, H), std::nullopt};
  }
  if (const auto* U = dyn_cast<UnaryOperator>(A); U && U->getOpcode() == UO_AddrOf) {
    const Expr* Inner = U->getSubExpr()->IgnoreParenImpCasts();
    ContextHandle H = Contexts.handleOf(Inner->getType(), Ctx);
    if (!H)
      return std::nullopt;
    std::string Name = isa<DeclRefExpr>(Inner) ? nameOf(Inner) : "the context";
    return Finding{A->getBeginLoc(), "original context " + quoted(Name), "passed by address",
                   Contexts.cureFor("pass", Name, H), std::nullopt};
  }
  ContextHandle H = Contexts.handleOf(A->getType(), Ctx);
  if (H.How != Holding::Pointer)
    return std::nullopt;
  return Finding{A->getBeginLoc(), "original context pointer " + quoted(nameOf(A)),
                 "passed as an argument", Contexts.cureFor("pass", nameOf(A), H), std::nullopt};
}

} // namespace clang::tidy::racelab
