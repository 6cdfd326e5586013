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
#include "clang/AST/ParentMap.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"

#include <memory>

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
/// Qualified names with the set of their last components, which rejects almost every
/// declaration a matcher meets without building any name.
struct NameList {
  std::vector<std::string> Names;
  std::shared_ptr<const llvm::StringSet<>> LastNames;
};
NameList nameList(std::vector<std::string> Names);
/// `S` in single quotes, as diagnostics quote names.
inline std::string quoted(StringRef S) {
  return "'" + S.str() + "'";
}
bool isNamedOneOf(const NamedDecl* D, const NameList& Names);
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
AST_MATCHER_P(NamedDecl, namedOneOf, NameList, Names) {
  return isNamedOneOf(&Node, Names);
}
// `callee(functionDecl(namedOneOf(Names)))` as one leaf: a call's callee tested by name without
// the nested matchers' dynamic dispatch, which the match finder pays on every call of the TU.
AST_MATCHER_P(CallExpr, calleeNamedOneOf, NameList, Names) {
  const auto* F = dyn_cast_or_null<FunctionDecl>(Node.getCalleeDecl());
  return F && isNamedOneOf(F, Names);
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

/// A std::function, a closure, any class with an operator(): what a callback holds.
bool isCallableClass(QualType T);

/// The parents of the statements of one function body, indexed for that body alone. Asking the
/// ASTContext instead builds the parent map of the whole translation unit (every template of
/// every header), which on a TU including a big framework costs a third more memory than the
/// clang-tidy run itself. A statement outside the body (a member initializer) is looked up in
/// the ASTContext's map, as a last resort.
class StmtParents {
public:
  /// `FunctionBody`: the body of the function that contains every statement asked about, or
  /// nullptr to use the ASTContext's map.
  StmtParents(const Stmt* FunctionBody, ASTContext& Ctx);
  ~StmtParents();
  /// The parent of `S` as ASTContext::getParents would give it (the VarDecl for a declaration's
  /// initializer); an empty node at the top.
  DynTypedNode parentOf(const Stmt* S) const;
  /// The body of the innermost lambda around `S`, else the function body.
  const Stmt* enclosingBody(const Stmt* S) const;
  const Stmt* functionBody() const { return Root; }

private:
  const Stmt* Root;
  ASTContext& Ctx;
  std::unique_ptr<ParentMap> Map;
};

/// The function whose body contains a spawn's call, found without any parent map: the function
/// around a lambda it is given, else the function that declares a local variable its arguments
/// name. nullptr when neither says.
const FunctionDecl* functionAround(const Expr* Call, llvm::ArrayRef<const Expr*> Args,
                                   ASTContext& Ctx);
/// True when `D` lies in a template instantiation (an instantiated function, a member of an
/// instantiated class, at any depth).
bool isInInstantiation(const Decl* D);

/// True when `S` refers to the variable `V` anywhere.
bool mentions(const Stmt* S, const VarDecl* V, ASTContext& Ctx);

/// The statements from `Root` down to `Target` (both included), found top-down (no parent map);
/// false when `Target` is not below `Root`.
bool pathTo(const Stmt* Root, const Stmt* Target, llvm::SmallVectorImpl<const Stmt*>& Path);

/// The name of the method a member call calls, or "" when it has none (an operator).
StringRef calledMethodName(const CXXMemberCallExpr* Call);

} // namespace clang::tidy::racelab

#endif
