//===--- ContextModel.h - racelab --------------------------------------*- C++ -*-===//
//
// What the context checks know about a request context type: how a value holds one (the object,
// a reference, a pointer), and what its copy() offers, which decides whether a fix-it is exact.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_CONTEXTMODEL_H
#define RACELAB_CHECKER_CONTEXTMODEL_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

enum class Holding { None, Object, Reference, Pointer };

/// How a value of type `T` holds a context of one of `ContextTypes`. A std::shared_ptr or
/// std::unique_ptr to a context counts as the context object itself: held by value it owns the
/// context, held by reference it dangles like a reference to the context.
Holding holdingOf(QualType T, const std::vector<std::string>& ContextTypes, ASTContext& Ctx);

/// The cure to print for a context named `Name` of class type `ContextType`: its copy method when
/// it has one, else a copy of the object when it is copyable, else owning values.
/// `Verb` is "capture" or "pass"; `ViaPointer` when `Name` is a pointer to the context.
std::string cureFor(StringRef Verb, StringRef Name, QualType ContextType, bool ViaPointer,
                    StringRef CopyMethod);

/// The class of the copy `Context::<CopyMethod>() const` returns, or nullptr when the context
/// class has no such zero-argument const method returning a class by value.
const CXXRecordDecl* copyTypeOf(QualType ContextType, StringRef CopyMethod);

/// True when every use of `V` inside `Body` is a call `V.m(...)` of a member function `m` that
/// the copy class also has (const, unless `Mutable`): then `[V = V.copy()]` compiles and means
/// the same thing.
bool onlyUsesCopyApi(const ValueDecl* V, const Stmt* Body, const CXXRecordDecl* Copy, bool Mutable,
                     ASTContext& Ctx);

} // namespace clang::tidy::racelab

#endif
