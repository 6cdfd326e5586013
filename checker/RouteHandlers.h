//===--- RouteHandlers.h - racelab -------------------------------------*- C++ -*-===//
//
// What a route registration (RACELAB_ROUTE) hands the framework, seen as code that runs on one
// object for every request: a member function named through a bind expression
// (`std::bind(&Api::get, this, _1)`, Pistache's `Rest::Routes::bind(&Api::get, this)`), a lambda
// capturing `this`, and the helpers such code calls on that object.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_ROUTEHANDLERS_H
#define RACELAB_CHECKER_ROUTEHANDLERS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"

#include <vector>

namespace clang::tidy::racelab {

/// The reference to the function a bind expression calls (`&Api::get` in
/// `std::bind(&Api::get, this, _1)`, also through the std::function built from it), or nullptr
/// when `Arg` is no call of std::bind, std::bind_front, boost::bind or Pistache's Routes::bind.
const DeclRefExpr* boundFunctionRef(const Expr* Arg);

/// The class whose object a lambda's `this` points to, or nullptr when it captures no `this`.
const CXXRecordDecl* classOfCapturedThis(const LambdaExpr* L);

/// The bodies of the lambdas inside `Body`: they run where whatever they are handed to runs them.
std::vector<const Stmt*> nestedLambdaBodies(const Stmt& Body, ASTContext& Ctx);

/// A method called on `this` from concurrent code: `note()`, `this->note()`.
struct HelperCall {
  const CXXMemberCallExpr* Call;
  const CXXMethodDecl* Definition; ///< with a body, outside system headers
};
/// The non-virtual, non-const methods of `Owner` (or a base) that `Body` calls on `this`, outside
/// the statements below `Skip`.
std::vector<HelperCall> helpersCalledOnThis(const Stmt& Body, const CXXRecordDecl* Owner,
                                            const std::vector<const Stmt*>& Skip, ASTContext& Ctx);

} // namespace clang::tidy::racelab

#endif
