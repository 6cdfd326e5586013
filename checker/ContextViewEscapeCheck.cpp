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
  if (V && C.getCaptureKind() == LCK_ByRef && V->getType()->isLValueReferenceType() &&
      !V->isInitCapture() && V->getInit() && isContextStorage(V->getInit(), Site.Ctx))
    return referenceFinding(C, V);
  if (!V || !Contexts.isView(V->getType(), Site.Ctx))
    return std::nullopt;
  if (V->isInitCapture())
    return initCaptureFinding(C, V, Site);
  if (!isViewIntoRequest(V->getInit(), Site.Ctx))
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

// [&body] where `const std::string& body = req.body`: the lambda refers to the context's own
// string, a view by another name; [body] would copy it.
ContextCheckBase::Finding ContextViewEscapeCheck::referenceFinding(const LambdaCapture& C,
                                                                   const VarDecl* V) {
  const std::string Name = "'" + V->getName().str() + "'";
  return Finding{C.getLocation(), "reference " + Name,
                 "into the request context captured by reference",
                 "capture " + Name + " by value (a copy)", std::nullopt};
}

// [uid = c.query("uid")]: the view is made in the capture itself.
std::optional<ContextCheckBase::Finding>
ContextViewEscapeCheck::initCaptureFinding(const LambdaCapture& C, const VarDecl* V,
                                           SpawnSite& Site) {
  if (!isViewIntoRequest(V->getInit(), Site.Ctx))
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
  if (!Contexts.isView(A->getType(), Ctx) || !isViewIntoRequest(A, Ctx))
    return std::nullopt;
  std::string What = "view";
  if (const auto* D = dyn_cast<DeclRefExpr>(A->IgnoreImplicit()))
    What += " '" + D->getDecl()->getName().str() + "'";
  return Finding{A->getBeginLoc(), What, "into the request context passed as an argument",
                 "pass an owning 'std::string' instead", std::nullopt};
}

// A string that is part of a context: a field of a context object (`req.body` of cpp-httplib's
// and Crow's requests) or what a context's getter returns by reference (Pistache's
// `request.body()`). Not through a handle (RESTinio's `req->body()`, cpprestsdk's
// `request.headers()`): it lives as long as the handle, which the work usually holds too.
bool ContextViewEscapeCheck::isContextStorage(const Expr* Obj, ASTContext& Ctx) const {
  Obj = Obj->IgnoreParenImpCasts();
  const Expr* Owner = nullptr;
  if (const auto* ME = dyn_cast<MemberExpr>(Obj); ME && isa<FieldDecl>(ME->getMemberDecl()))
    Owner = ME->getBase();
  else if (const auto* MC = dyn_cast<CXXMemberCallExpr>(Obj);
           MC && MC->getMethodDecl() && MC->getMethodDecl()->getReturnType()->isReferenceType())
    Owner = MC->getImplicitObjectArgument();
  if (!Owner || isa<CXXOperatorCallExpr>(Owner->IgnoreParenImpCasts()))
    return false;
  QualType T = Owner->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  T = T.getNonReferenceType();
  if (!Contexts.isContextClass(T, Ctx))
    return false;
  // A handle class (cpprestsdk's http_request) shares its message: any copy keeps it alive.
  std::vector<std::string> Handles;
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::HandleType, Ctx))
    Handles.push_back(N->Name);
  return !isOneOfTypes(T, Handles, Ctx);
}

// A view made from the context's storage (req.body, req.body.c_str(), std::string_view(req.body)),
// from such a view (substr, data) or from a local view initialised so; else ContextModel's rules.
bool ContextViewEscapeCheck::isViewIntoRequest(const Expr* E, ASTContext& Ctx, int Depth) const {
  if (!E || Depth > 8)
    return false;
  if (Contexts.isViewIntoContext(E, Ctx))
    return true;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto* Cast = dyn_cast<ExplicitCastExpr>(E))
    return Contexts.isView(Cast->getType(), Ctx) &&
           isViewIntoRequest(Cast->getSubExpr(), Ctx, Depth + 1);
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E)) {
    if (!Contexts.isView(CE->getType(), Ctx))
      return false; // std::string(view): an owning copy
    for (const Expr* A : CE->arguments())
      if (isViewIntoRequest(A, Ctx, Depth + 1))
        return true;
    return false;
  }
  if (const auto* MC = dyn_cast<CXXMemberCallExpr>(E)) {
    if (!Contexts.isView(MC->getType(), Ctx))
      return false;
    const Expr* Obj = MC->getImplicitObjectArgument();
    if (isContextStorage(Obj, Ctx))
      return true;
    return Contexts.isView(Obj->IgnoreParenImpCasts()->getType(), Ctx) &&
           isViewIntoRequest(Obj, Ctx, Depth + 1);
  }
  if (const auto* DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto* V = dyn_cast<VarDecl>(DRE->getDecl());
    if (V && V->hasLocalStorage() && Contexts.isView(V->getType(), Ctx) && V->getInit())
      return isViewIntoRequest(V->getInit(), Ctx, Depth + 1);
  }
  return false;
}

} // namespace clang::tidy::racelab
