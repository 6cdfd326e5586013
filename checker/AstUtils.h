//===--- AstUtils.h - racelab ------------------------------------------*- C++ -*-===//
//
// Small questions about the AST that every racelab model asks: names, classes, wrappers around
// an expression, the function an expression sits in.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_ASTUTILS_H
#define RACELAB_CHECKER_ASTUTILS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// "::ns::Class::method": the form every name option uses.
std::string qualifiedName(const NamedDecl* D);

/// "::ns::Class::method" with no template arguments, also for members of class template
/// specializations ("::pplx::task::then" for `pplx::task<json::value>::then`): the form users
/// write in options.
std::string templateFreeName(const NamedDecl* D);
/// True when `D` is named by one of `Names`, with or without its template arguments.
bool isNamedOneOf(const NamedDecl* D, const std::vector<std::string>& Names);
/// The matcher form of isNamedOneOf: hasAnyName does not match a member of a class template
/// specialization by the template's name.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
AST_MATCHER_P(NamedDecl, namedOneOf, std::vector<std::string>, Names) {
  return isNamedOneOf(&Node, Names);
}
#pragma clang diagnostic pop
/// Splits a semicolon-separated option into qualified names ("::a::B"), adding the leading
/// "::" where it was left out.
std::vector<std::string> parseQualifiedNames(StringRef Option);

/// True when the class `T` (after desugaring, without cv and references) is one of `Names` or
/// derives from one.
bool isOneOfClasses(QualType T, const std::vector<std::string>& Names, ASTContext& Ctx);

/// True when `T` is spelled through an alias or typedef (at any level of its sugar) named by
/// one of `Names` ("::drogon::HttpRequestPtr").
bool isNamedByAlias(QualType T, const std::vector<std::string>& Names);
/// True when `T` is one of the classes of `Names` (or derives from one), or an alias of `Names`.
bool isOneOfTypes(QualType T, const std::vector<std::string>& Names, ASTContext& Ctx);
/// True for a direct call of the function named `QualifiedName` ("::std::move").
bool isCallTo(const CallExpr* C, StringRef QualifiedName);

/// std::move(x) or std::forward<T>(x).
bool isStdMoveOrForward(const CallExpr* C);

/// A copy or move construction from one argument: the same object, for the checks.
bool isCopyOrMoveConstruction(const Expr* E);

/// Strips implicit nodes, parentheses, temporaries, functional casts, copies and
/// std::move/forward.
const Expr* stripWrappers(const Expr* E);

/// The body of the function or lambda that contains `S`, or nullptr.
const Stmt* enclosingBody(const Stmt* S, ASTContext& Ctx);

/// True when `S` refers to the variable `V` anywhere.
bool mentions(const Stmt* S, const VarDecl* V, ASTContext& Ctx);

/// The name of the method a member call calls, or "" when it has none (an operator).
StringRef calledMethodName(const CXXMemberCallExpr* Call);

} // namespace clang::tidy::racelab

#endif
