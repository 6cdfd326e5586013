//===--- ContextViewEscapeCheck.cpp - racelab --------------------------*- C++ -*-===//
#include "ContextViewEscapeCheck.h"

#include "AstUtils.h"

#include "clang/Lex/Lexer.h"

namespace clang::tidy::racelab {

namespace {

// The standard library's iterators, whatever namespace its implementation puts them in
// (libstdc++'s std::__detail::_Node_iterator, __gnu_cxx::__normal_iterator).
bool isStdIterator(QualType T) {
  const auto* RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() || !RD->getName().contains_insensitive("iterator"))
    return false;
  const std::string Q = qualifiedName(RD);
  return Q.rfind("::std::", 0) == 0 || Q.rfind("::__gnu_cxx::", 0) == 0;
}

// An iterator of the standard library, or the pair of them that equal_range returns.
bool isIteratorLike(QualType T) {
  if (isStdIterator(T))
    return true;
  const auto* Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || qualifiedName(Spec) != "::std::pair" || Spec->getTemplateArgs().size() != 2)
    return false;
  for (const TemplateArgument& A : Spec->getTemplateArgs().asArray())
    if (A.getKind() != TemplateArgument::Type || !isStdIterator(A.getAsType()))
      return false;
  return true;
}

/// The variable a view borrows its storage from, found by walking back through what only lends
/// (a view, a reference, a field, a reference-returning accessor, a smart pointer's `->`) to
/// a handle or parameter; nullptr when a value on the way owns a copy (`std::string(...)`, an
/// accessor returning by value). `ViaArrow`: the walk went through an overloaded `->`.
const VarDecl* borrowedFrom(const Expr* E, const ContextModel& Contexts, ASTContext& Ctx,
                            bool& ViaArrow, int Depth = 0) {
  if (!E || Depth > 8)
    return nullptr;
  E = E->IgnoreImplicit()->IgnoreParens();
  const auto* Op = dyn_cast<CXXOperatorCallExpr>(E);
  if (Op && Op->getOperator() == OO_Arrow && Op->getNumArgs() == 1) {
    // `req.params.find("q")->second`: a standard iterator points into the container it came
    // from, however temporary the iterator itself.
    const auto* It = dyn_cast<CXXMemberCallExpr>(Op->getArg(0)->IgnoreImplicit());
    if (It && It->isPRValue() && isStdIterator(It->getType()))
      return borrowedFrom(It->getImplicitObjectArgument(), Contexts, Ctx, ViaArrow, Depth + 1);
    ViaArrow = true;
    return borrowedFrom(Op->getArg(0), Contexts, Ctx, ViaArrow, Depth + 1);
  }
  if (!E->isGLValue() && !Contexts.isView(E->getType(), Ctx))
    return nullptr; // an owning temporary
  const Expr* Next = nullptr;
  if (const auto* Cast = dyn_cast<ExplicitCastExpr>(E))
    Next = Cast->getSubExpr();
  else if (const auto* CE = dyn_cast<CXXConstructExpr>(E); CE && CE->getNumArgs() > 0)
    Next = CE->getArg(0);
  else if (const auto* MC = dyn_cast<CXXMemberCallExpr>(E))
    Next = MC->getImplicitObjectArgument();
  else if (Op && Op->getNumArgs() > 0 && isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
    Next = Op->getArg(0);
  else if (const auto* ME = dyn_cast<MemberExpr>(E); ME && isa<FieldDecl>(ME->getMemberDecl()))
    Next = ME->getBase();
  if (Next)
    return borrowedFrom(Next, Contexts, Ctx, ViaArrow, Depth + 1);
  const auto* DRE = dyn_cast<DeclRefExpr>(E);
  const auto* V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage())
    return nullptr;
  // A local view or reference lends what its initialiser lends.
  const bool Lends = V->getType()->isReferenceType() || Contexts.isView(V->getType(), Ctx);
  if (!isa<ParmVarDecl>(V) && Lends && V->getInit())
    return borrowedFrom(V->getInit(), Contexts, Ctx, ViaArrow, Depth + 1);
  return V;
}

} // namespace

ContextViewEscapeCheck::ContextViewEscapeCheck(StringRef Name, ClangTidyContext* Context)
    : ContextCheckBase(Name, Context, ContextModel::AlsoReads::ViewTypes,
                       "it points into the context's storage, which is reused or freed when the "
                       "request ends") {}

std::vector<ContextCheckBase::Finding> ContextViewEscapeCheck::collectFindings(SpawnSite& Site) {
  std::vector<Finding> Findings;
  for (const Expr* Arg : Site.S.Args) {
    if (const LambdaExpr* L = lambdaOf(Arg)) {
      for (const LambdaCapture& C : L->captures())
        if (std::optional<Finding> F = captureFinding(C, L, Site))
          Findings.push_back(std::move(*F));
    } else if (std::optional<Finding> F = argumentFinding(Arg, Site.Ctx)) {
      Findings.push_back(std::move(*F));
    }
  }
  return Findings;
}

// [uid], [&uid], [=] using uid: a view variable initialised from the context.
std::optional<ContextCheckBase::Finding>
ContextViewEscapeCheck::captureFinding(const LambdaCapture& C, const LambdaExpr* L,
                                       SpawnSite& Site) {
  const auto* V = C.capturesVariable() ? dyn_cast<VarDecl>(C.getCapturedVar()) : nullptr;
  if (V && C.getCaptureKind() == LCK_ByRef && V->getType()->isLValueReferenceType() &&
      !V->isInitCapture() && V->getInit())
    return isContextStorage(V->getInit(), Site.Ctx)
               ? std::optional<Finding>(referenceFinding(C, V, "into the request context"))
               : borrowedFinding(C, V, L, Site);
  if (V && !V->isInitCapture() && V->getInit() && isIteratorLike(V->getType()))
    return borrowedFinding(C, V, L, Site);
  if (!V || !Contexts.isView(V->getType(), Site.Ctx))
    return std::nullopt;
  if (V->isInitCapture())
    return initCaptureFinding(C, V, Site);
  if (!isViewIntoRequest(V->getInit(), Site.Ctx))
    return V->getInit() ? borrowedFinding(C, V, L, Site) : std::nullopt;
  return viewCaptureFinding(C, V, "into the request context", Site);
}

// `How` says where the view points ("into the request context"); the capture kind follows.
ContextCheckBase::Finding ContextViewEscapeCheck::viewCaptureFinding(const LambdaCapture& C,
                                                                     const VarDecl* V,
                                                                     std::string How,
                                                                     SpawnSite& Site) {
  const std::string Name = V->getName().str();
  const bool ByRef = C.getCaptureKind() == LCK_ByRef;
  const std::string Owning = Contexts.owningStringOf(V->getType());
  const std::string Copy = (Owning.empty() ? "std::string" : Owning) + "(" + Name + ")";
  Finding F{C.getLocation(), "view '" + Name + "'",
            How + (ByRef ? " captured by reference" : " captured by value"),
            "capture '" + Copy + "' instead", std::nullopt};
  // [uid] -> [uid = std::string(uid)]: exact for a string_view captured by name.
  if (!ByRef && !Site.InTemplate() && C.isExplicit() && !Owning.empty() &&
      C.getLocation().isFileID())
    F.Fix = FixItHint::CreateReplacement(CharSourceRange::getTokenRange(C.getLocation()),
                                         Name + " = " + Copy);
  return F;
}

// A view, or a reference captured by reference, whose storage no context class is named for
// where it is made: a deeper chain of accessors on a context (`req.path_params.at("id")`), a
// handle (`req->header().path()`: the request lives as long as a copy of its handle does, so
// the view is safe in work that copies the handle too), a request-scoped argument.
std::optional<ContextCheckBase::Finding>
ContextViewEscapeCheck::borrowedFinding(const LambdaCapture& C, const VarDecl* V,
                                        const LambdaExpr* L, SpawnSite& Site) {
  bool ViaArrow = false;
  const Expr* Init = V->getInit();
  // `auto r = req.headers.equal_range("Accept")`: the iterators point into the object they
  // were asked of.
  const bool Iterator = isIteratorLike(V->getType());
  if (Iterator) {
    const auto* Call = dyn_cast<CXXMemberCallExpr>(Init->IgnoreImplicit()->IgnoreParens());
    if (!Call || !isIteratorLike(Call->getType()))
      return std::nullopt;
    Init = Call->getImplicitObjectArgument();
  }
  const VarDecl* From = borrowedFrom(Init, Contexts, Site.Ctx, ViaArrow);
  if (!From)
    return std::nullopt;
  if (Iterator)
    return iteratorFinding(C, V, From, ViaArrow, L, Site);
  const bool Reference = !Contexts.isView(V->getType(), Site.Ctx);
  if (!Contexts.handleOf(From->getType(), Site.Ctx)) {
    const auto* P = dyn_cast<ParmVarDecl>(From);
    return P ? parameterViewFinding(C, V, P, Site, Reference) : std::nullopt;
  }
  if (!isHandleRoot(From, ViaArrow, Site.Ctx))
    return Reference ? referenceFinding(C, V, "into the request context")
                     : viewCaptureFinding(C, V, "into the request context", Site);
  if (keepsHandle(L, From, Site.Ctx))
    return std::nullopt;
  const std::string Handle = "'" + From->getName().str() + "'";
  const std::string How = "into the request context through the handle " + Handle;
  Finding F = Reference ? referenceFinding(C, V, How) : viewCaptureFinding(C, V, How, Site);
  if (size_t At = F.Cure.rfind(" instead"); At != std::string::npos)
    F.Cure.resize(At);
  F.Cure += ", or a copy of " + Handle + " with it";
  F.Why = "the request lives only as long as a copy of its handle, and the work holds none";
  return F;
}

// `[accepts]` where `accepts` iterates the request's header map: no rewrite keeps the
// iterators valid, so the cure is to copy the elements.
std::optional<ContextCheckBase::Finding>
ContextViewEscapeCheck::iteratorFinding(const LambdaCapture& C, const VarDecl* V,
                                        const VarDecl* From, bool ViaArrow, const LambdaExpr* L,
                                        SpawnSite& Site) {
  const bool Handle = isHandleRoot(From, ViaArrow, Site.Ctx);
  if (!Contexts.handleOf(From->getType(), Site.Ctx) || (Handle && keepsHandle(L, From, Site.Ctx)))
    return std::nullopt; // a parameter's container: left to the reference rules
  const std::string Name = "'" + From->getName().str() + "'";
  Finding F{C.getLocation(), "iterator '" + V->getName().str() + "'",
            std::string(Handle ? "into the request context through the handle " + Name
                               : "into the request context") +
                (C.getCaptureKind() == LCK_ByRef ? " captured by reference" : " captured by value"),
            "copy the elements the work needs into an owning container first", std::nullopt};
  if (Handle) {
    F.Cure += ", or capture a copy of " + Name + " with it";
    F.Why = "the request lives only as long as a copy of its handle, and the work holds none";
  }
  return F;
}

// A handle (a std::shared_ptr to a context, a profile's handle class, a class reached through
// its `->`) held by value or by reference: copying it keeps the request alive.
bool ContextViewEscapeCheck::isHandleRoot(const VarDecl* V, bool ViaArrow, ASTContext& Ctx) const {
  ContextHandle H = Contexts.handleOf(V->getType(), Ctx);
  if (H.How != Holding::Object && H.How != Holding::Reference)
    return false;
  if (H.SharedOwner || ViaArrow)
    return true;
  std::vector<std::string> Handles;
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::HandleType, Ctx))
    Handles.push_back(N->Name);
  return isOneOfTypes(V->getType().getNonReferenceType(), Handles, Ctx);
}

// `[req, path]`, `[keep = req, path]`, `[=]` using req: the work holds its own copy of the handle.
// So it does when it holds a copy of a callback the handler got beside the handle: a response
// callback may own the request (drogon's does), and work holding one keeps it until it is gone.
bool ContextViewEscapeCheck::keepsHandle(const LambdaExpr* L, const VarDecl* Handle,
                                         ASTContext& Ctx) const {
  QualType Class = Contexts.handleOf(Handle->getType(), Ctx).Class;
  for (const LambdaCapture& C : L->captures()) {
    const auto* V = C.capturesVariable() ? dyn_cast<VarDecl>(C.getCapturedVar()) : nullptr;
    if (!V || C.getCaptureKind() != LCK_ByCopy)
      continue;
    const VarDecl* Source = V;
    if (V->isInitCapture()) {
      ContextHandle H = Contexts.handleOf(V->getType(), Ctx);
      if (H.How == Holding::Object &&
          Ctx.hasSameType(H.Class.getUnqualifiedType(), Class.getUnqualifiedType()))
        return true;
      const auto* Ref = dyn_cast_or_null<DeclRefExpr>(stripWrappers(V->getInit()));
      Source = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    }
    if (Source == Handle)
      return true;
    if (Source && isa<ParmVarDecl>(Source) &&
        Source->getDeclContext() == Handle->getDeclContext() &&
        isCallableClass(Source->getType().getNonReferenceType()))
      return true;
  }
  return false;
}

// `std::string_view k = key;` where `key` is an argument a profile makes request-scoped by
// position (ngrest's operations, gRPC's messages): it dies when the method returns.
std::optional<ContextCheckBase::Finding>
ContextViewEscapeCheck::parameterViewFinding(const LambdaCapture& C, const VarDecl* V,
                                             const ParmVarDecl* P, SpawnSite& Site,
                                             bool Reference) {
  const auto* M = dyn_cast_or_null<CXXMethodDecl>(P->getDeclContext());
  if (!P->getType()->isReferenceType() && !P->getType()->isPointerType())
    return std::nullopt; // a by-value parameter is the method's own copy
  if (!M || M->isStatic() || !M->getParent()->hasDefinition())
    return std::nullopt;
  QualType Class = Site.Ctx.getRecordType(M->getParent()->getDefinition());
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::RequestParameters, Site.Ctx)) {
    if (!isOneOfClasses(Class, {N->Name}, Site.Ctx))
      continue;
    const bool Completes = returnsCompletionType(M, Site.Ctx);
    const std::string Method = quoted(M->getName());
    const std::string How =
        "of the argument " + quoted(P->getName()) + " of " + quoted(templateFreeName(M));
    Finding F = Reference ? referenceFinding(C, V, How) : viewCaptureFinding(C, V, How, Site);
    F.Why = (Completes ? "the framework keeps it only until the reactor " + Method +
                             " returns is finished"
                       : "the framework owns it only until " + Method + " returns") +
            " (a class derived from " + quoted(N->Name) + ")";
    F.OutlivedByCompletion = !Completes;
    return F;
  }
  return std::nullopt;
}

// [&body] where `const std::string& body = req.body`: the lambda refers to the context's own
// string, a view by another name; [body] would copy it. `How`: where the reference points.
ContextCheckBase::Finding ContextViewEscapeCheck::referenceFinding(const LambdaCapture& C,
                                                                   const VarDecl* V,
                                                                   const std::string& How) {
  const std::string Name = "'" + V->getName().str() + "'";
  return Finding{C.getLocation(), "reference " + Name, How + " captured by reference",
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
