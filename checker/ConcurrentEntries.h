//===--- ConcurrentEntries.h - racelab ---------------------------------*- C++ -*-===//
//
// Methods a framework calls on several threads at once without the user handing them to any
// spawn: overrides of a listed virtual (Poco's handleRequest), overrides of any virtual of a
// listed base (the methods of a gRPC service, whose generated `Foo::Service` derives from
// `::grpc::Service`), and members that return a listed type in a class derived from a listed
// base (what oatpp's ENDPOINT declares in an ApiController). Profiles name them
// (RACELAB_CONCURRENT_HANDLER, _BASE, _MEMBERS in Profiles.def); the options ConcurrentHandlers,
// ConcurrentBases and ConcurrentMembers add to them.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_CONCURRENTENTRIES_H
#define RACELAB_CHECKER_CONCURRENTENTRIES_H

#include "FrameworkProfiles.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/DeclCXX.h"
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
};

/// A member function entry of ConcurrentMembers: in a class derived from Class, a member
/// returning Type (directly, by pointer or reference, or in a smart pointer).
struct MemberRule {
  std::string Class, Type;
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

private:
  std::optional<ConcurrentEntry> describeOverride(const CXXMethodDecl* M, ASTContext& Ctx) const;
  std::optional<ConcurrentEntry> describeMember(const CXXMethodDecl* M, ASTContext& Ctx) const;
  /// The user's names of `Role` and those of the profiles on in this TU.
  std::vector<std::string> activeNames(ProfileRole Role, const std::vector<std::string>& User,
                                       ASTContext& Ctx) const;

  const FrameworkProfiles& Profiles;
  const std::string RawHandlers, RawBases, RawMembers;
  std::vector<std::string> UserHandlers, UserBases;
  std::vector<MemberRule> UserMembers;
  std::vector<std::string> AnyHandlers, AnyBases; // the user's and every selectable profile's
  std::vector<MemberRule> AnyMembers;
};

} // namespace clang::tidy::racelab

#endif
