//===--- ContextEscapeCheck.cpp - racelab ------------------------------*- C++ -*-===//
#include "ContextEscapeCheck.h"

#include "AstUtils.h"

#include "clang-tidy/utils/LexerUtils.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

// The name to print for an expression handed over: the variable's or member's, else a phrase.
std::string nameOf(const Expr* E) {
  if (const auto* D = dyn_cast<DeclRefExpr>(E))
    return D->getDecl()->getName().str();
  if (const auto* M = dyn_cast<MemberExpr>(E))
    return M->getMemberDecl()->getName().str();
  return "the context";
}

// How the user wrote `E` when it is short and not from a macro (`request.get()`), else its name.
std::string spelledOrNamed(const Expr* E, ASTContext& Ctx) {
  if (isa<DeclRefExpr>(E) || isa<MemberExpr>(E))
    return nameOf(E);
  SourceRange R = E->getSourceRange();
  if (R.getBegin().isFileID() && R.getEnd().isFileID()) {
    StringRef Text = Lexer::getSourceText(CharSourceRange::getTokenRange(R), Ctx.getSourceManager(),
                                          Ctx.getLangOpts());
    if (!Text.empty() && Text.size() <= 40 && !Text.contains('\n'))
      return Text.str();
  }
  return nameOf(E);
}

// `owner.get()` on a std::shared_ptr: the raw pointer of a shared owner the code already has.
const Expr* sharedOwnerOfGet(const Expr* E, ASTContext& Ctx) {
  const auto* Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  if (!Call || Call->getNumArgs() != 0 || !Call->getMethodDecl() ||
      !Call->getMethodDecl()->getIdentifier() || Call->getMethodDecl()->getName() != "get")
    return nullptr;
  // Stripped first: libstdc++'s get() is a member of a base, reached through a derived-to-base
  // cast.
  const Expr* Owner = Call->getImplicitObjectArgument();
  Owner = Owner ? Owner->IgnoreParenImpCasts() : nullptr;
  return Owner && isOneOfClasses(Owner->getType().getNonReferenceType().getUnqualifiedType(),
                                 {"::std::shared_ptr"}, Ctx)
             ? Owner
             : nullptr;
}

// The class whose `this` a lambda captures: that of the method around it, through the lambdas
// it is nested in.
const CXXRecordDecl* classOfThis(const LambdaExpr* L) {
  const DeclContext* DC = L->getLambdaClass()->getDeclContext();
  while (const auto* M = dyn_cast<CXXMethodDecl>(DC)) {
    if (!M->getParent()->isLambda())
      return M->getParent();
    DC = M->getParent()->getDeclContext();
  }
  return nullptr;
}

bool sameOrRelated(const CXXRecordDecl* A, const CXXRecordDecl* B) {
  A = A->getCanonicalDecl();
  B = B->getCanonicalDecl();
  return A == B || (A->hasDefinition() && A->isDerivedFrom(B)) ||
         (B->hasDefinition() && B->isDerivedFrom(A));
}

// A shared_ptr or weak_ptr to `Class` (or a base or derived class): what keeps it alive, or
// lets the work find out that it is gone.
bool ownsObject(QualType T, const CXXRecordDecl* Class, ASTContext& Ctx) {
  const auto* Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type ||
      !isOneOfClasses(
          T.getNonReferenceType(),
          {"::std::shared_ptr", "::std::weak_ptr", "::boost::shared_ptr", "::boost::weak_ptr"},
          Ctx))
    return false;
  const auto* Pointee = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return Pointee && sameOrRelated(Pointee, Class);
}

// The parameter a spawning call binds `Arg` to, when it is an lvalue reference as declared (in
// a template, `T&&` deduced from an lvalue also reads `T&` once instantiated: std::thread's
// arguments are such forwarding references, and copied).
const ParmVarDecl* lvalueReferenceParameterFor(const Expr* Call, const Expr* Arg) {
  const FunctionDecl* F = nullptr;
  llvm::SmallVector<const Expr*, 8> Args;
  if (const auto* CE = dyn_cast<CallExpr>(Call)) {
    F = CE->getDirectCallee();
    Args.append(CE->arg_begin(), CE->arg_end());
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(F))
      Args.erase(Args.begin());
  } else if (const auto* CC = dyn_cast<CXXConstructExpr>(Call)) {
    F = CC->getConstructor();
    Args.append(CC->arg_begin(), CC->arg_end());
  }
  const auto* It = llvm::find(Args, Arg);
  if (!F || It == Args.end())
    return nullptr;
  unsigned I = It - Args.begin();
  const FunctionDecl* Declared = F->getTemplateInstantiationPattern();
  if (!Declared)
    Declared = F;
  if (I >= F->getNumParams() || I >= Declared->getNumParams())
    return nullptr;
  for (unsigned J = 0; J <= I; ++J)
    if (Declared->getParamDecl(J)->isParameterPack())
      return nullptr;
  const ParmVarDecl* P = Declared->getParamDecl(I);
  return P->getType()->isLValueReferenceType() ? F->getParamDecl(I) : nullptr;
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
    else if (std::optional<Finding> F = localByReference(Arg, Site))
      Findings.push_back(std::move(*F));
    else if (std::optional<Finding> F = heldByObject(Arg, Site))
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
    if (!F && C.capturesThis())
      F = rawThisOfSharedObject(C, L, Site);
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
  if (!H) {
    if (std::optional<Finding> F = operationParameter(C, Site))
      return F;
    return ByRef ? callbackParameter(C, Site) : std::nullopt;
  }
  // A reference to the handler's own pointer dangles wherever the work runs.
  if ((H.How != Holding::Pointer && !ByRef) || (!ByRef && staysOnItsLoop(V, L, H, Site)))
    return std::nullopt;
  std::string Cure = loopBoundCure(V->getName(), ByRef, H, Site);
  if (Cure.empty())
    Cure = Contexts.cureFor("capture", V->getName(), H);
  // A reference to a variable of the handler's own frame (its pointer parameter, a local
  // handle) dangles when the handler returns, whatever keeps the request alive.
  const auto* Var = dyn_cast<VarDecl>(V);
  const bool FrameVariable =
      ByRef && Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType();
  if (H.How == Holding::Pointer) {
    Finding F{C.getLocation(), "original context pointer " + quoted(V->getName()),
              ByRef ? "captured by reference" : "captured by value", Cure, std::nullopt};
    F.OutlivedByCompletion = FrameVariable;
    if (FrameVariable && (Site.S.KeepsRequest || endsWithCompletion(Site.S, Site.Ctx))) {
      F.Why = "the pointer variable itself is gone when the handler returns";
      F.Cure = "capture the pointer " + quoted(V->getName()) + " by value: " +
               (Site.S.KeepsRequest
                    ? Site.S.What + " keeps what it points to alive until the work has run"
                    : std::string("the work ends by completing the request, which keeps what it "
                                  "points to alive until then"));
    }
    return F;
  }
  Finding F{C.getLocation(), "original context " + quoted(V->getName()),
            C.isImplicit() ? "captured by reference (by the '[&]' default)"
                           : "captured by reference", // init-captures are explicit
            Cure, copyFixIt(C, L, Site)};
  F.OutlivedByCompletion = FrameVariable;
  return F;
}

// What to do with a loop-bound object (uWS's HttpResponse) instead: a copy of it is no cure (it
// is the socket itself), its pointer is, but only on its own loop.
std::string ContextEscapeCheck::loopBoundCure(StringRef Name, bool ByRef, const ContextHandle& H,
                                              SpawnSite& Site) {
  const ProfileName* Bound = loopBoundEntry(H.Class, Site.Ctx);
  if (!Bound || H.How != Holding::Pointer)
    return "";
  if (ByRef && Site.S.OnSameLoop)
    return "capture the pointer '" + Name.str() +
           "' by value: it stays valid on its own loop until the response ends or is aborted";
  std::string Back;
  for (StringRef F : utils::options::parseStringList(Bound->Methods))
    if (Back.empty())
      Back = F.trim().str();
  return "use '" + Name.str() + "' only inside work handed back to its loop" +
         (Back.empty() ? std::string() : " through '" + Back + "'") +
         ", while it has not ended or been aborted";
}

// A loop-bound object (uWS's HttpResponse) in a callback its own loop runs later, or in other
// work that uses it only inside callables handed back to its loop (`loop->defer([res] {...})`):
// it is used where and while it is valid.
bool ContextEscapeCheck::staysOnItsLoop(const ValueDecl* V, const LambdaExpr* L,
                                        const ContextHandle& H, SpawnSite& Site) {
  const ProfileName* Bound = loopBoundEntry(H.Class, Site.Ctx);
  if (!Bound)
    return false;
  if (Site.S.OnSameLoop)
    return true;
  std::vector<std::string> Back;
  for (StringRef F : utils::options::parseStringList(Bound->Methods))
    Back.push_back(F.trim().str());
  // Bound, so that each use is a match of its own (unbound matches are merged).
  auto Uses = declRefExpr(to(valueDecl(equalsNode(V)))).bind("use");
  size_t All = match(findAll(Uses), *L->getBody(), Site.Ctx).size();
  size_t OnLoop = 0;
  for (const auto& N :
       match(findAll(callExpr(callee(functionDecl(namedOneOf(nameList(Back))))).bind("back")),
             *L->getBody(), Site.Ctx))
    for (const Expr* Arg : N.getNodeAs<CallExpr>("back")->arguments())
      if (const LambdaExpr* Inner = lambdaOf(Arg))
        OnLoop += match(findAll(Uses), *Inner, Site.Ctx).size();
  return All > 0 && OnLoop == All;
}

// An object that keeps a reference or pointer to a context in a member, built from the context
// and handed over (`pool.start(*new AuditJob(request))`, a Poco Runnable): the context escapes
// through the object. Followed through `*`, `new` and a local initialised so.
std::optional<ContextCheckBase::Finding> ContextEscapeCheck::heldByObject(const Expr* Arg,
                                                                          SpawnSite& Site) {
  const Expr* E = stripWrappers(Arg)->IgnoreParenCasts();
  for (int Depth = 0; E && Depth < 4 && !isa<CXXConstructExpr>(E); ++Depth) {
    if (const auto* U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
      E = U->getSubExpr()->IgnoreParenCasts();
    else if (const auto* New = dyn_cast<CXXNewExpr>(E))
      E = New->getInitializer() ? New->getInitializer()->IgnoreImplicit() : nullptr;
    else if (const auto* DRE = dyn_cast<DeclRefExpr>(E);
             DRE && isa<VarDecl>(DRE->getDecl()) &&
             cast<VarDecl>(DRE->getDecl())->hasLocalStorage() &&
             cast<VarDecl>(DRE->getDecl())->getInit())
      E = cast<VarDecl>(DRE->getDecl())->getInit()->IgnoreImplicit();
    else
      E = nullptr;
  }
  const auto* CE = dyn_cast_or_null<CXXConstructExpr>(E);
  if (!CE || isCopyOrMoveConstruction(CE))
    return std::nullopt;
  const CXXRecordDecl* Holder = CE->getConstructor()->getParent();
  if (llvm::none_of(Holder->fields(), [&](const FieldDecl* FD) {
        Holding How = Contexts.handleOf(FD->getType(), Site.Ctx).How;
        return How == Holding::Reference || How == Holding::Pointer;
      }))
    return std::nullopt;
  const CXXConstructorDecl* Ctor = CE->getConstructor();
  for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I) {
    const Expr* A = CE->getArg(I)->IgnoreParenImpCasts();
    QualType PT = Ctor->getParamDecl(I)->getType();
    ContextHandle H = Contexts.handleOf(A->getType(), Site.Ctx);
    if (!H || !(H.How == Holding::Pointer ? PT->isPointerType() : PT->isReferenceType()))
      continue;
    const auto* Addr = dyn_cast<UnaryOperator>(A);
    std::string Name = nameOf(
        Addr && Addr->getOpcode() == UO_AddrOf ? Addr->getSubExpr()->IgnoreParenImpCasts() : A);
    return Finding{
        A->getBeginLoc(), "original context " + quoted(Name),
        (H.How == Holding::Pointer ? "held by pointer in the " : "held by reference in the ") +
            quoted(Holder->getName()) + " handed over",
        "copy the values the work needs into owning members of " + quoted(Holder->getName()) +
            " instead",
        std::nullopt};
  }
  return std::nullopt;
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
  std::string Name = spelledOrNamed(A, Ctx);
  std::string Cure = Contexts.cureFor("pass", Name, H);
  if (const Expr* Owner = sharedOwnerOfGet(A, Ctx))
    Cure = "pass the std::shared_ptr " + quoted(spelledOrNamed(Owner, Ctx)) +
           " itself instead: it keeps the request alive";
  return Finding{A->getBeginLoc(), "original context pointer " + quoted(Name),
                 "passed as an argument", Cure, std::nullopt};
}

// [this] in a class that shared_ptrs own (it derives from enable_shared_from_this: asio and
// Beast sessions, connections): the work may run after the last shared_ptr is gone. Not when
// the lambda also holds a shared_ptr or weak_ptr to the object. No fix-it: shared_from_this()
// throws when the object is not owned by a shared_ptr after all.
std::optional<ContextCheckBase::Finding>
ContextEscapeCheck::rawThisOfSharedObject(const LambdaCapture& C, const LambdaExpr* L,
                                          SpawnSite& Site) {
  const CXXRecordDecl* Class = classOfThis(L);
  if (!Class || !Class->hasDefinition() ||
      !isOneOfClasses(Site.Ctx.getRecordType(Class),
                      {"::std::enable_shared_from_this", "::boost::enable_shared_from_this"},
                      Site.Ctx))
    return std::nullopt;
  for (const LambdaCapture& Other : L->captures())
    if (Other.capturesVariable() && ownsObject(Other.getCapturedVar()->getType(), Class, Site.Ctx))
      return std::nullopt;
  return Finding{C.getLocation(),
                 "raw 'this' of " + quoted(Class->getName()) + ", an object shared_ptrs own,",
                 C.isImplicit() ? "captured (by the default capture)" : "captured",
                 "capture 'self = shared_from_this()' as well, so that the work owns it",
                 std::nullopt,
                 "nothing keeps the object alive until the work runs, and when its last "
                 "shared_ptr is gone the work uses a destroyed object"};
}

// A local context object bound to an lvalue-reference parameter of the spawning call (Beast's
// http::async_write(stream, res, handler)): the operation keeps the reference, and the local
// is destroyed when the function returns, before the operation is done with it.
std::optional<ContextCheckBase::Finding> ContextEscapeCheck::localByReference(const Expr* Arg,
                                                                              SpawnSite& Site) {
  const auto* DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  const auto* V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType())
    return std::nullopt;
  ContextHandle H = Contexts.handleOf(V->getType(), Site.Ctx);
  if (H.How != Holding::Object ||
      !Site.Ctx.hasSameUnqualifiedType(H.Class.getNonReferenceType(), V->getType()) ||
      !lvalueReferenceParameterFor(Site.S.Call, Arg))
    return std::nullopt;
  return Finding{Arg->getBeginLoc(),
                 "local " + quoted(V->getName()),
                 "passed by reference",
                 "let the work own it (e.g. a std::shared_ptr to it, captured by the completion "
                 "handler)",
                 std::nullopt,
                 "the operation keeps the reference, and the local is destroyed when the "
                 "function returns"};
}

} // namespace clang::tidy::racelab
