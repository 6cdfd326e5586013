//===--- RouteHandlers.cpp - racelab -----------------------------------*- C++ -*-===//
#include "RouteHandlers.h"

#include "AstUtils.h"
#include "SharedWrites.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

const DeclRefExpr* boundFunctionRef(const Expr* Arg) {
  static const NameList Binders = nameList(
      {"::std::bind", "::std::bind_front", "::boost::bind", "::Pistache::Rest::Routes::bind"});
  const Expr* E = stripWrappers(Arg);
  // The std::function (the route's handler type) constructed from the bind's result.
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E); CE && CE->getNumArgs() == 1)
    E = stripWrappers(CE->getArg(0));
  const auto* Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl* Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Call->getNumArgs() == 0 || !isNamedOneOf(Callee, Binders))
    return nullptr;
  const Expr* First = stripWrappers(Call->getArg(0))->IgnoreParenImpCasts();
  if (const auto* U = dyn_cast<UnaryOperator>(First); U && U->getOpcode() == UO_AddrOf)
    First = U->getSubExpr()->IgnoreParenImpCasts();
  const auto* Ref = dyn_cast<DeclRefExpr>(First);
  return Ref && isa<FunctionDecl>(Ref->getDecl()) ? Ref : nullptr;
}

const CXXRecordDecl* classOfCapturedThis(const LambdaExpr* L) {
  bool CapturesThis = false;
  for (const LambdaCapture& C : L->captures())
    CapturesThis = CapturesThis || C.capturesThis();
  if (!CapturesThis)
    return nullptr;
  // A lambda inside a lambda: `this` is the object of the method around the outermost one.
  const DeclContext* DC = L->getLambdaClass()->getDeclContext();
  while (const auto* M = dyn_cast_or_null<CXXMethodDecl>(DC)) {
    if (!M->getParent()->isLambda())
      return M->getParent();
    DC = M->getParent()->getDeclContext();
  }
  return nullptr;
}

std::vector<const Stmt*> nestedLambdaBodies(const Stmt& Body, ASTContext& Ctx) {
  std::vector<const Stmt*> Out;
  for (const auto& N : match(findAll(lambdaExpr().bind("l")), Body, Ctx))
    Out.push_back(N.getNodeAs<LambdaExpr>("l")->getBody());
  return Out;
}

std::vector<HelperCall> helpersCalledOnThis(const Stmt& Body, const CXXRecordDecl* Owner,
                                            const std::vector<const Stmt*>& Skip, ASTContext& Ctx) {
  std::vector<HelperCall> Out;
  auto OnThis = cxxMemberCallExpr(on(cxxThisExpr())).bind("c");
  for (const auto& N : match(findAll(OnThis), Body, Ctx)) {
    const auto* Call = N.getNodeAs<CXXMemberCallExpr>("c");
    const CXXMethodDecl* M = Call->getMethodDecl();
    const FunctionDecl* Def = nullptr;
    // A virtual call may run an override elsewhere; a const method writes no member that is
    // not mutable.
    if (!M || M->isVirtual() || M->isConst() || !M->hasBody(Def) || isBelowOneOf(Call, Skip) ||
        Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
      continue;
    const CXXRecordDecl* Of = M->getParent();
    if (Of == Owner || Owner->isDerivedFrom(Of))
      Out.push_back({Call, cast<CXXMethodDecl>(Def)});
  }
  return Out;
}

} // namespace clang::tidy::racelab
