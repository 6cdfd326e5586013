//===--- ConcurrentEntries.h - racelab ---------------------------------*- C++ -*-===//
//
// Methods a framework calls on several threads at once without the user handing them to any
// spawn: overrides of a listed virtual (Poco's handleRequest), overrides of any virtual of a
// listed base (the methods of a gRPC service, whose generated `Foo::Service` derives from
// `::grpc::Service`), and members that return a listed type in a class derived from a listed
// base (what oatpp's ENDPOINT declares in an ApiController), and the methods handed by member
// pointer to a registration function (drogon's `registerMethod(&C::get, ...)`, what ADD_METHOD_TO
// expands to) or listed in the metadata of an object handed to one (glaze's REST registry).
// Profiles name them (RACELAB_CONCURRENT_HANDLER, _BASE, _MEMBERS, RACELAB_REGISTERED_ENTRY,
// _OBJECT in Profiles.def); the options ConcurrentHandlers, ConcurrentBases,
// ConcurrentMembers and RegisteredEntries add to them. Also the lambdas assigned into a handler
// table (Simple-Web-Server's `server.resource[...][...] = ...`: RACELAB_HANDLER_TABLE, option
// HandlerTables).
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_CONCURRENTENTRIES_H
#define RACELAB_CHECKER_CONCURRENTENTRIES_H

#include "FrameworkProfiles.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// Why a method runs concurrently with itself.
struct ConcurrentEntry {
  std::string Note; ///< "it overrides '::Poco::...::handleRequest', which the framework ..."
  /// The framework calls it on one object it shares between its threads (a gRPC service, an
  /// oatpp controller), so the object's members are shared too.
  bool SharedObject = false;
  /// Where the note goes: the registration (`ADD_METHOD_TO` line), else the method's name.
  SourceLocation NoteAt = {};
};

/// A method registered with a framework whose profile is on: handed by member pointer to a
/// registration function, or listed in the metadata of a registered object.
struct RegisteredMethod {
  const CXXMethodDecl* Method = nullptr; ///< its definition, with a body
  ConcurrentEntry Entry;
};

/// A member function entry of ConcurrentMembers: in a class derived from Class, a member
/// returning Type (directly, by pointer or reference, or in a smart pointer).
struct MemberRule {
  std::string Class, Type;
};

/// A handler-table entry (HandlerTables, RACELAB_HANDLER_TABLE): a lambda assigned into an
/// element of Member is a handler; Threads, when set, is the member whose assignment (other than
/// the literal 1) in the function that fills the table makes the handlers concurrent.
struct TableRule {
  std::string Member, Threads;
};

/// A lambda assigned into a handler table, and why it runs concurrently.
struct TableHandler {
  const LambdaExpr* Handler = nullptr;
  std::string Table;                ///< "::SimpleWeb::ServerBase::resource"
  const Stmt* ThreadsSet = nullptr; ///< `config.thread_pool_size = 4`, when the rule has one
};

class ConcurrentEntries {
public:
  ConcurrentEntries(ClangTidyCheck::OptionsView& Options, const FrameworkProfiles& Profiles);
  void storeOptions(ClangTidyCheck::OptionsView& Options, ClangTidyOptions::OptionMap& Opts) const;

  /// Binds "handler" to every method definition outside system headers that may be an entry.
  void registerMatchers(ast_matchers::MatchFinder* Finder,
                        ast_matchers::MatchFinder::MatchCallback* Callback) const;
  /// Why `M` runs concurrently, or nullopt when no rule whose profile is on says it does.
  std::optional<ConcurrentEntry> describe(const CXXMethodDecl* M, ASTContext& Ctx) const;
  /// The methods a call bound "registration" hands by member pointer to a registration function
  /// whose profile is on, each with its definition (none for a method defined in no file of the
  /// TU).
  std::vector<RegisteredMethod> describeRegistration(const CallExpr* Call, ASTContext& Ctx) const;
  /// The methods an object a call bound "registration" registers exposes through its
  /// metadata (RACELAB_REGISTERED_OBJECT: glaze's REST registry, `registry.on(service)`).
  std::vector<RegisteredMethod> describeObjectRegistration(const CXXMemberCallExpr* Call,
                                                           ASTContext& Ctx) const;
  /// The handler a node bound "table-assign" assigns into a handler table, when the handlers
  /// of that table run concurrently (a rule whose profile is on, with its thread count set).
  std::optional<TableHandler> describeTableAssignment(const CXXOperatorCallExpr* Assign,
                                                      ASTContext& Ctx) const;

private:
  std::optional<ConcurrentEntry> describeOverride(const CXXMethodDecl* M, ASTContext& Ctx) const;
  std::optional<ConcurrentEntry> describeMember(const CXXMethodDecl* M, ASTContext& Ctx) const;
  /// The user's names of `Role` and those of the profiles on in this TU.
  std::vector<std::string> activeNames(ProfileRole Role, const std::vector<std::string>& User,
                                       ASTContext& Ctx) const;

  const FrameworkProfiles& Profiles;
  const std::string RawHandlers, RawBases, RawMembers, RawTables, RawRegistrations;
  std::vector<std::string> UserHandlers, UserBases, UserRegistrations, AnyRegistrations;
  std::vector<std::string> AnyObjectRegistrations; // profiles only
  std::vector<MemberRule> UserMembers;
  std::vector<std::string> AnyHandlers, AnyBases; // the user's and every selectable profile's
  std::vector<MemberRule> AnyMembers;
  std::vector<TableRule> UserTables, AnyTables;
};

} // namespace clang::tidy::racelab

#endif
