//===--- SpawnAnalysis.h - racelab -------------------------------------*- C++ -*-===//
//
// What every racelab check needs to know about threads: which expressions start code on another
// thread (a "spawn"), what they hand to that thread, and whether the thread provably ends before
// the function that started it returns. The context checks and the shared-state checks all use
// this, so the rules (and their documentation) are the same everywhere.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_SPAWNANALYSIS_H
#define RACELAB_CHECKER_SPAWNANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// The spawn functions every check knows without being told (documented in docs/checks/).
inline constexpr const char* DefaultSpawnFunctions =
    "::std::thread;::std::jthread;::std::async;::pthread_create";

enum class SpawnKind {
  StdThread,     ///< a std::thread constructor
  JThread,       ///< a std::jthread constructor
  Async,         ///< std::async
  PThreadCreate, ///< pthread_create
  Emplace,       ///< emplace_back/emplace/emplace_front on a container of threads
  Custom,        ///< a function or class named in SpawnFunctions
};

/// One expression that starts code on another thread.
struct Spawn {
  SpawnKind Kind;
  const Expr* Call = nullptr;
  std::string What; ///< "std::thread", "std::async", "'::app::ThreadPool::submit'"
  /// What is handed to the new thread: the callable and its arguments (for pthread_create,
  /// the start routine and its argument).
  llvm::SmallVector<const Expr*, 4> Args;
};

/// Whether, and how, the thread of a spawn may outlive the function that started it.
struct Escape {
  bool Escapes = false;
  std::string Into;       ///< "a detached std::thread", "a std::thread that is never joined"
  SourceLocation NoteLoc; ///< where it escapes: the detach(), the store, the return
  std::string Note;       ///< "the thread is detached here"
};

/// Matchers for every spawn expression outside system headers (each binds "spawn"), for the given
/// spawn functions. There are several, one per node kind, so that the match finder tries each
/// only on nodes of its kind: a single stmt(anyOf(...)) would run on every statement of the TU.
std::vector<ast_matchers::StatementMatcher>
spawnMatchers(const std::vector<std::string>& SpawnFunctions);

/// Describes a node bound by spawnMatcher; nullopt for a match that is no spawn after all.
std::optional<Spawn> describeSpawn(const Expr* E, const std::vector<std::string>& SpawnFunctions);

/// Decides whether the thread of `S` may outlive its enclosing function. With
/// `AllowScopedThreads` false, every spawn escapes.
Escape analyzeEscape(const Spawn& S, ASTContext& Ctx, bool AllowScopedThreads);

/// The lambda an argument of a spawn stands for: a lambda expression (through casts,
/// temporaries and std::move), a local variable initialised with one, or a std::function (or
/// other wrapper) constructed from one. nullptr when there is none.
const LambdaExpr* lambdaOf(const Expr* Arg, ASTContext& Ctx);

/// Strips implicit nodes, parentheses, temporaries, functional casts and std::move/forward.
const Expr* stripWrappers(const Expr* E);

/// Splits a semicolon-separated option into qualified names ("::a::B"), adding the leading
/// "::" where it was left out.
std::vector<std::string> parseQualifiedNames(StringRef Option);

/// True when the class `T` (after desugaring, without cv) is one of `Names` or derives from one.
bool isOneOfClasses(QualType T, const std::vector<std::string>& Names, ASTContext& Ctx);

/// The body of the function or lambda that contains `S`, or nullptr.
const Stmt* enclosingBody(const Stmt* S, ASTContext& Ctx);

} // namespace clang::tidy::racelab

#endif
