//===--- FrameworkProfiles.h - racelab ---------------------------------*- C++ -*-===//
//
// The built-in framework profiles (Profiles.def) and which of them are on in a translation unit.
// Matchers are registered before the TU is parsed, so they take every name any profile might
// need; whether a matched name counts is asked later, when the TU's headers are known
// (`Frameworks: auto`). Read once per check, local-or-global: one `.clang-tidy` line sets it for
// every racelab check.
//
//===----------------------------------------------------------------------===//

#ifndef RACELAB_CHECKER_FRAMEWORKPROFILES_H
#define RACELAB_CHECKER_FRAMEWORKPROFILES_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTContext.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// What a profile entry says of a name.
enum class ProfileRole {
  RequestType,
  HandleType,
  Spawn,
  Awaiting,
  Completion,
  ConcurrentHandler,
  ConcurrentBase,
  ConcurrentMembers, ///< Name is "Class=Type"
  RegisteredEntry,
  RegisteredObject,  ///< Methods is "Meta;Protocol"
  HandlerTable,      ///< Methods is the thread-count member, or ""
  RequestParameters, ///< Name is a base class
  LoopCallback,
  LoopBound
};

/// One name a profile knows, with the profile it comes from.
struct ProfileName {
  unsigned Profile; ///< index into the profile table
  ProfileRole Role;
  std::string Name;    ///< "::pplx::task::then", "::drogon::HttpRequestPtr"
  std::string Methods; ///< for a completion type: its completion methods, ';'-separated; for a
                       ///< loop-bound type: the functions that run a callable back on its loop;
                       ///< for a handler table: the member that sets its thread count; for
                       ///< a registered object: its metadata template and protocol constant;
                       ///< for a spawn: KeepsRequestMark when it is a RACELAB_KEEPING_SPAWN,
                       ///< RouteMark when it is a RACELAB_ROUTE
};

/// The Methods of a spawn whose work the framework keeps the request alive for.
inline constexpr const char* KeepsRequestMark = "keeps-request";
/// The Methods of a spawn whose callable the framework calls for every request, on one object.
inline constexpr const char* RouteMark = "route";
/// The Methods of a route that counts only on an object of a class: this prefix, then the class.
inline constexpr const char* RouteOnPrefix = "route-on=";

class FrameworkProfiles {
public:
  /// Reads `Frameworks`: "auto" (the default), "none", or a ';'-separated list of profile ids.
  explicit FrameworkProfiles(ClangTidyCheck::OptionsView& Options);
  void storeOptions(ClangTidyCheck::OptionsView& Options, ClangTidyOptions::OptionMap& Opts) const;

  /// Every name of `Role` of every profile that may be on (for matchers and lookups).
  std::vector<std::string> namesOf(ProfileRole Role) const;
  /// The entries of `Role` whose profile is on in the TU of `Ctx`.
  std::vector<const ProfileName*> activeEntries(ProfileRole Role, ASTContext& Ctx) const;
  /// False when `Name` comes only from profiles that are off in the TU of `Ctx` (a name the
  /// user listed, or no profile's, is always on).
  bool isActiveName(StringRef Name, ProfileRole Role, ASTContext& Ctx) const;
  /// The ids of the profiles that are on in the TU of `Ctx`.
  std::vector<std::string> activeIds(ASTContext& Ctx) const;

private:
  const std::vector<bool>& activeIn(ASTContext& Ctx) const;

  const std::string RawFrameworks;
  std::vector<bool> Selectable; // per profile: allowed by the option (auto: all)
  bool Auto = true;
  std::vector<ProfileName> Names;
  // The profiles on in the last TU asked about, keyed by its main file's name (one ASTContext
  // address may serve several TUs in turn).
  mutable std::string CachedFor;
  mutable std::vector<bool> Cached;
};

} // namespace clang::tidy::racelab

#endif
