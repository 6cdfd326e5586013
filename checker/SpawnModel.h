//===--- SpawnModel.h - racelab ----------------------------------------*- C++ -*-===//
//
// The spawn model: which expressions run code on another thread (a "spawn"), what they hand to
// that thread, and whether the thread provably ends before the function that started it returns.
// Every racelab check asks it, so the rules (and their documentation) are the same everywhere.
// Its options (SpawnFunctions, AllowScopedThreads) are read here, once, local-or-global: a
// .clang-tidy that sets `SpawnFunctions` sets it for every racelab check.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_SPAWNMODEL_H
#define RACELAB_CHECKER_SPAWNMODEL_H

#include "FrameworkProfiles.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::racelab {

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
  /// A profile's loop callback: run later on the calling thread's own loop, not elsewhere.
  bool OnSameLoop = false;
  /// A profile's keeping spawn (RACELAB_KEEPING_SPAWN): the framework keeps the request alive
  /// until the work has run.
  bool KeepsRequest = false;
  /// A profile's route registration (RACELAB_ROUTE): the framework calls the one callable for
  /// every request, on several threads at once.
  bool Route = false;
};

/// Whether, and how, the thread of a spawn may outlive the function that started it.
struct Escape {
  bool Escapes = false;
  std::string Into;       ///< "a detached std::thread", "a std::thread that is never joined"
  SourceLocation NoteLoc; ///< where it escapes: the detach(), the store, the return
  std::string Note;       ///< "the thread is detached here"
  bool Returned = false;  ///< it escapes by being returned from the function
};

class SpawnModel {
public:
  /// Reads SpawnFunctions (added to the built-in ones and to those of `Profiles`, which the
  /// check owns and which outlive the model), AwaitingFunctions and AllowScopedThreads.
  /// `LoopCallbacks`: the profiles' loop callbacks count as spawns too (for the context checks:
  /// they run after the handler returned, though on the same thread).
  SpawnModel(ClangTidyCheck::OptionsView& Options, const FrameworkProfiles& Profiles,
             bool LoopCallbacks = false);
  void storeOptions(ClangTidyCheck::OptionsView& Options, ClangTidyOptions::OptionMap& Opts) const;

  ~SpawnModel();
  SpawnModel(const SpawnModel&) = delete;
  SpawnModel& operator=(const SpawnModel&) = delete;

  /// `Callback` receives every spawn outside system headers (bound to "spawn") in `Finder`'s
  /// TU, from matchers the racelab checks share (SpawnHub), until this model is destroyed.
  void registerSpawnMatchers(ast_matchers::MatchFinder* Finder,
                             ast_matchers::MatchFinder::MatchCallback* Callback) const;
  /// The same spawns as one matcher (binding "spawn"), for use below another matcher
  /// (hasDescendant, findAll).
  ast_matchers::StatementMatcher anySpawn() const;

  /// Describes a node bound by the spawn matchers; nullopt for a match that is no spawn after
  /// all (or a spawn of a profile that is off in this TU).
  std::optional<Spawn> describe(const Expr* E, ASTContext& Ctx) const;

  /// Whether the thread of `S` may outlive its enclosing function. With AllowScopedThreads
  /// false, every spawn escapes. A future or task returned from a lambda handed straight to an
  /// awaiting function (AwaitingFunctions, and the profiles') is awaited there.
  Escape escapeOf(const Spawn& S, ASTContext& Ctx) const;

private:
  /// Listed as a spawn: built in, by the user, or by a profile that is on in this TU.
  bool isListed(const NamedDecl* D, ASTContext& Ctx) const;
  bool isLoopCallback(const NamedDecl* D, ASTContext& Ctx) const;
  /// Listed by a profile that is on as a spawn whose Methods is `Mark` (KeepsRequestMark,
  /// RouteMark).
  bool isMarkedSpawn(const NamedDecl* D, StringRef Mark, ASTContext& Ctx) const;
  /// The class a RACELAB_ROUTE_ON entry of a profile that is on requires of the object `D` is
  /// called on, or "" when no such entry names `D`.
  StringRef routeObjectClass(const NamedDecl* D, ASTContext& Ctx) const;
  std::optional<Spawn> describeConstruction(const CXXConstructExpr* E, ASTContext& Ctx) const;
  std::optional<Spawn> describeEmplace(const CXXMemberCallExpr* Call, ASTContext& Ctx) const;
  std::optional<Spawn> describeCall(const CallExpr* Call, ASTContext& Ctx) const;
  bool isReturnedToAwaiter(const Spawn& S, ASTContext& Ctx) const;
  /// Every name listed as a spawn: built in, the user's, every selectable profile's.
  std::vector<std::string> allNames() const;

  const std::string RawSpawnFunctions;
  const bool AllowScopedThreads;
  const FrameworkProfiles& Profiles;
  std::vector<std::string> SpawnFunctions; // the built-in ones plus the option's
  std::vector<std::string> ProfileSpawns;  // every selectable profile's
  std::vector<std::string> LoopCallbacks;  // every selectable profile's, when asked for
  const std::string RawAwaitingFunctions;
  std::vector<std::string> UserAwaitingFunctions; // the option's
  std::vector<std::string> AwaitingFunctions;     // the option's and every selectable profile's
  /// The check the shared spawn matchers report to, unsubscribed when the model goes.
  mutable const ast_matchers::MatchFinder::MatchCallback* Subscriber = nullptr;
};

/// The lambda an argument of a spawn stands for: a lambda expression (through casts,
/// temporaries and std::move), a local variable initialised with one, or a std::function (or
/// other wrapper) constructed from one. nullptr when there is none.
const LambdaExpr* lambdaOf(const Expr* Arg);

} // namespace clang::tidy::racelab

#endif
