//===--- ContextViewEscapeCheck.cpp - racelab --------------------------*- C++ -*-===//
#include "ContextViewEscapeCheck.h"

#include "AstUtils.h"

#include "clang/Lex/Lexer.h"

namespace clang::tidy::racelab {

ContextViewEscapeCheck::ContextViewEscapeCheck(StringRef Name, ClangTidyContext* Context)
    : ContextCheckBase(Name, Context, ContextModel::AlsoReads::ViewTypes,
                       "it points into the context's storage, which is reused or freed when the "
                       "request ends") {}

std::vector<ContextCheckBase::Finding> ContextViewEscapeCheck::collectFindings(SpawnSite& Site) {
  std::vector<Finding> Findings;
  for (const Expr* Arg : Site.S.Args) {
    if (const LambdaExpr* L = lambdaOf(Arg)) {
      for (const LambdaCapture& C : L->captures())
        if (std::optional<Finding> F = captureFinding(C, Site))
          Findings.push_back(std::move(*F));
    } else if (std::optional<Finding> F = argumentFinding(Arg, Site.Ctx)) {
      Findings.push_back(std::move(*F));
    }
  }
  return Findings;
}

// [uid], [&uid], [=] using uid: a view variable initialised from the context.
std::optional<ContextCheckBase::Finding>
ContextViewEscapeCheck::captureFinding(const LambdaCapture& C, SpawnSite& Site) {
  const auto* V = C.capturesVariable() ? dyn_cast<VarDecl>(C.getCapturedVar()) : nullptr;
  if (!V || !Contexts.isView(V->getType(), Site.Ctx))
    return std::nullopt;
  if (V->isInitCapture())
    return initCaptureFinding(C, V, Site);
  if (!Contexts.isViewIntoContext(V->getInit(), Site.Ctx))
    return std::nullopt;
  const std::string Name = V->getName().str();
  const bool ByRef = C.getCaptureKind() == LCK_ByRef;
  const std::string Owning = Contexts.owningStringOf(V->getType());
  const std::string Copy = (Owning.empty() ? "std::string" : Owning) + "(" + Name + ")";
  Finding F{C.getLocation(), "view '" + Name + "'",
            ByRef ? "into the request context captured by reference"
                  : "into the request context captured by value",
            "capture '" + Copy + "' instead", std::nullopt};
  // [uid] -> [uid = std::string(uid)]: exact for a string_view captured by name.
  if (!ByRef && !Site.InTemplate() && C.isExplicit() && !Owning.empty() &&
      C.getLocation().isFileID())
    F.Fix = FixItHint::CreateReplacement(CharSourceRange::getTokenRange(C.getLocation()),
                                         Name + " = " + Copy);
  return F;
}

// [uid = c.query("uid")]: the view is made in the capture itself.
std::optional<ContextCheckBase::Finding>
ContextViewEscapeCheck::initCaptureFinding(const LambdaCapture& C, const VarDecl* V,
                                           SpawnSite& Site) {
  if (!Contexts.isViewIntoContext(V->getInit(), Site.Ctx))
    return std::nullopt;
  const std::string Owning = Contexts.owningStringOf(V->getType());
  Finding F{C.getLocation(), "view '" + V->getName().str() + "'",
            "initialized from the request context in the capture",
            "capture an owning '" + (Owning.empty() ? "std::string" : Owning) + "' instead",
            std::nullopt};
  // [uid = c.query("uid")] -> [uid = std::string(c.query("uid"))]
  const Expr* Init = V->getInit()->IgnoreImplicit();
  if (!Site.InTemplate() && !Owning.empty() && Init->getBeginLoc().isFileID() &&
      Init->getEndLoc().isFileID()) {
    CharSourceRange R = CharSourceRange::getTokenRange(Init->getSourceRange());
    StringRef Text = Lexer::getSourceText(R, Site.SM, getLangOpts());
    if (!Text.empty())
      F.Fix = FixItHint::CreateReplacement(R, Owning + "(" + Text.str() + ")");
  }
  return F;
}

// A view handed over as an argument of the spawn.
std::optional<ContextCheckBase::Finding> ContextViewEscapeCheck::argumentFinding(const Expr* Arg,
                                                                                 ASTContext& Ctx) {
  const Expr* A = stripWrappers(Arg);
  if (!Contexts.isView(A->getType(), Ctx) || !Contexts.isViewIntoContext(A, Ctx))
    return std::nullopt;
  std::string What = "view";
  if (const auto* D = dyn_cast<DeclRefExpr>(A->IgnoreImplicit()))
    What += " '" + D->getDecl()->getName().str() + "'";
  return Finding{A->getBeginLoc(), What, "into the request context passed as an argument",
                 "pass an owning 'std::string' instead", std::nullopt};
}

} // namespace clang::tidy::racelab
