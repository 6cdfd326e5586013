//===--- ContextEscapeParameters.cpp - racelab -------------------------*- C++ -*-===//
//
// racelab-context-escape's findings for a handler's parameters that are not context types but
// die with the handler all the same: a callback it got by reference, and the arguments a
// profile makes request-scoped by position (RACELAB_REQUEST_PARAMETERS). The check's other
// findings are in ContextEscapeCheck.cpp.
//
//===----------------------------------------------------------------------===//
#include "ContextEscapeCheck.h"

#include "AstUtils.h"

namespace clang::tidy::racelab {

// A callable that a handler got by reference (drogon's `std::function<void(const
// HttpResponsePtr&)>&& callback`), captured by reference: the reference names the caller's object
// (often a temporary), destroyed when the handler returns. A handler is told by its signature:
// it also takes a request context.
std::optional<ContextCheckBase::Finding>
ContextEscapeCheck::callbackParameter(const LambdaCapture& C, SpawnSite& Site) {
  const auto* P = dyn_cast<ParmVarDecl>(C.getCapturedVar());
  if (!P || !P->getType()->isReferenceType() ||
      !isCallableClass(P->getType().getNonReferenceType()))
    return std::nullopt;
  const auto* F = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
  if (!F || llvm::none_of(F->parameters(), [&](const ParmVarDecl* Q) {
        return Q != P && bool(Contexts.handleOf(Q->getType(), Site.Ctx));
      }))
    return std::nullopt;
  std::string Name = P->getName().str();
  const bool Movable = P->getType()->isRValueReferenceType() &&
                       !P->getType().getNonReferenceType().isConstQualified();
  return Finding{C.getLocation(),
                 "callback " + quoted(Name) + ", a reference parameter of the handler,",
                 C.isImplicit() ? "captured by reference (by the '[&]' default)"
                                : "captured by reference",
                 Movable ? "move it into the work ('" + Name + " = std::move(" + Name + ")')"
                         : "capture a copy ('" + Name + "' by value)",
                 std::nullopt,
                 "it refers to the caller's object, which is destroyed when the handler returns"};
}

// A reference or pointer parameter captured by reference, or a pointer parameter captured by
// value, of a member function of a class whose parameters a profile makes request-scoped
// (RACELAB_REQUEST_PARAMETERS: ngrest's Service, whose generated wrapper passes an operation's
// arguments from its own stack; gRPC's Service, whose library owns a method's messages). The
// objects pointed to outlive the method only when it returns a completion type (gRPC's callback
// API returns its reactor, and the library keeps the messages until that reactor's Finish): then
// work that ends by completing keeps them. The parameter itself dies with the method.
std::optional<ContextCheckBase::Finding>
ContextEscapeCheck::operationParameter(const LambdaCapture& C, SpawnSite& Site) {
  const auto* P = dyn_cast<ParmVarDecl>(C.getCapturedVar());
  const bool ByRef = C.getCaptureKind() == LCK_ByRef;
  const bool Pointer = P && P->getType()->isPointerType();
  if (!P || !(ByRef ? P->getType()->isReferenceType() || Pointer : Pointer))
    return std::nullopt;
  const auto* M = dyn_cast_or_null<CXXMethodDecl>(P->getDeclContext());
  if (!M || M->isStatic() || !M->getParent()->hasDefinition())
    return std::nullopt;
  QualType Class = Site.Ctx.getRecordType(M->getParent()->getDefinition());
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::RequestParameters, Site.Ctx)) {
    if (!isOneOfClasses(Class, {N->Name}, Site.Ctx))
      continue;
    std::string Name = P->getName().str();
    const bool Completes = returnsCompletionType(M, Site.Ctx);
    const bool ParameterItself = ByRef && Pointer;
    const bool KeptUntilCompletion = Completes && !ParameterItself;
    std::string Method = quoted(M->getName());
    std::string Until =
        ParameterItself ? "the parameter itself is gone when " + Method + " returns"
        : KeptUntilCompletion
            ? "the framework keeps it only until the reactor " + Method + " returns is finished"
            : "the framework owns it only until " + Method + " returns";
    std::string Cure =
        !Pointer                       ? "capture a copy ('" + Name + "' by value)"
        : ParameterItself && Completes ? "capture the pointer ('" + Name +
                                             "' by value) and end the work by completing the call"
        : KeptUntilCompletion
            ? "capture a copy of what it points to, or end the work by completing the call"
            : "capture a copy of what it points to";
    return Finding{C.getLocation(),
                   "argument " + quoted(Name) + " of " + quoted(templateFreeName(M)) + ",",
                   !ByRef           ? "captured by value (a pointer)"
                   : C.isImplicit() ? "captured by reference (by the '[&]' default)"
                                    : "captured by reference",
                   Cure,
                   std::nullopt,
                   Until + " (a class derived from " + quoted(N->Name) + ")",
                   !KeptUntilCompletion};
  }
  return std::nullopt;
}

} // namespace clang::tidy::racelab
