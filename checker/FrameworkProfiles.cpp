//===--- FrameworkProfiles.cpp - racelab -------------------------------*- C++ -*-===//
#include "FrameworkProfiles.h"

#include "AstUtils.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>

namespace clang::tidy::racelab {

namespace {

struct ProfileInfo {
  const char* Id;
  const char* Name;
  const char* Detect;
};

// The table of Profiles.def: one row per framework.
constexpr ProfileInfo Profiles[] = {
#define RACELAB_FRAMEWORK(Id, Name, Detect) {#Id, Name, Detect},
#include "Profiles.def"
};
constexpr unsigned ProfileCount = sizeof(Profiles) / sizeof(Profiles[0]);

unsigned indexOf(const char* Id) {
  for (unsigned I = 0; I < ProfileCount; ++I)
    if (StringRef(Profiles[I].Id) == Id)
      return I;
  return ProfileCount; // an entry of an undeclared profile: the build's test catches it
}

struct RawEntry {
  const char* Id;
  ProfileRole Role;
  const char* Name;
  const char* Methods;
};

constexpr RawEntry Entries[] = {
#define RACELAB_REQUEST_TYPE(Id, Type) {#Id, ProfileRole::RequestType, Type, ""},
#define RACELAB_HANDLE_TYPE(Id, Type) {#Id, ProfileRole::HandleType, Type, ""},
#define RACELAB_SPAWN(Id, Function) {#Id, ProfileRole::Spawn, Function, ""},
#define RACELAB_KEEPING_SPAWN(Id, Function) {#Id, ProfileRole::Spawn, Function, KeepsRequestMark},
#define RACELAB_ROUTE(Id, Function) {#Id, ProfileRole::Spawn, Function, RouteMark},
#define RACELAB_ROUTE_ON(Id, Function, Class)                                                      \
  {#Id, ProfileRole::Spawn, Function, "route-on=" Class},
#define RACELAB_AWAITING(Id, Function) {#Id, ProfileRole::Awaiting, Function, ""},
#define RACELAB_COMPLETION(Id, Type, Methods) {#Id, ProfileRole::Completion, Type, Methods},
#define RACELAB_CONCURRENT_HANDLER(Id, Method) {#Id, ProfileRole::ConcurrentHandler, Method, ""},
#define RACELAB_CONCURRENT_BASE(Id, Class) {#Id, ProfileRole::ConcurrentBase, Class, ""},
#define RACELAB_CONCURRENT_MEMBERS(Id, Class, Type)                                                \
  {#Id, ProfileRole::ConcurrentMembers, Class "=" Type, ""},
#define RACELAB_REGISTERED_ENTRY(Id, Function) {#Id, ProfileRole::RegisteredEntry, Function, ""},
#define RACELAB_REGISTERED_OBJECT(Id, Function, Meta, Protocol)                                    \
  {#Id, ProfileRole::RegisteredObject, Function, Meta ";" Protocol},
#define RACELAB_REQUEST_PARAMETERS(Id, Class) {#Id, ProfileRole::RequestParameters, Class, ""},
#define RACELAB_HANDLER_TABLE(Id, Member, Threads)                                                 \
  {#Id, ProfileRole::HandlerTable, Member, Threads},
#define RACELAB_LOOP_CALLBACK(Id, Function) {#Id, ProfileRole::LoopCallback, Function, ""},
#define RACELAB_LOOP_BOUND(Id, Type, BackToLoop) {#Id, ProfileRole::LoopBound, Type, BackToLoop},
#include "Profiles.def"
};

} // namespace

FrameworkProfiles::FrameworkProfiles(ClangTidyCheck::OptionsView& Options)
    : RawFrameworks(Options.getLocalOrGlobal("Frameworks", "auto")),
      Selectable(ProfileCount, false) {
  // Owned copies: before LLVM 15, parseStringList returns std::strings that die after the loop.
  std::vector<std::string> Listed;
  for (StringRef Id : utils::options::parseStringList(RawFrameworks))
    if (!Id.trim().empty())
      Listed.push_back(Id.trim().str());
  Auto = Listed.size() == 1 && Listed[0] == "auto";
  for (unsigned I = 0; I < ProfileCount; ++I)
    Selectable[I] =
        Auto || std::find(Listed.begin(), Listed.end(), StringRef(Profiles[I].Id)) != Listed.end();
  for (const RawEntry& E : Entries) {
    unsigned P = indexOf(E.Id);
    if (P < ProfileCount && Selectable[P])
      Names.push_back({P, E.Role, parseQualifiedNames(E.Name).front(), E.Methods});
  }
}

void FrameworkProfiles::storeOptions(ClangTidyCheck::OptionsView& Options,
                                     ClangTidyOptions::OptionMap& Opts) const {
  Options.store(Opts, "Frameworks", RawFrameworks);
}

std::vector<std::string> FrameworkProfiles::namesOf(ProfileRole Role) const {
  std::vector<std::string> Out;
  for (const ProfileName& N : Names)
    if (N.Role == Role)
      Out.push_back(N.Name);
  return Out;
}

namespace {

// Each profile's Detect substrings, split once for the process.
const std::vector<std::vector<std::string>>& detectLists() {
  static const std::vector<std::vector<std::string>> Lists = [] {
    std::vector<std::vector<std::string>> Out(ProfileCount);
    for (unsigned P = 0; P < ProfileCount; ++P)
      for (StringRef D : utils::options::parseStringList(Profiles[P].Detect))
        if (!D.empty())
          Out[P].push_back(D.str());
    return Out;
  }();
  return Lists;
}

// The profiles whose Detect substrings some file of the TU's path contains. Every racelab check
// holds its own FrameworkProfiles, so the scan of the source manager is shared: once per TU (keyed
// by its main file's name, as one ASTContext address may serve several TUs in turn), not once per
// check.
const std::vector<bool>& detectedIn(const SourceManager& SM) {
  thread_local std::string For;
  thread_local std::vector<bool> Seen;
  std::string Key = SM.getBufferName(SM.getLocForStartOfFile(SM.getMainFileID())).str();
  if (!Seen.empty() && Key == For)
    return Seen;
  For = Key;
  Seen.assign(ProfileCount, false);
  const auto& Lists = detectLists();
  for (unsigned I = 0, E = SM.local_sloc_entry_size(); I < E; ++I) {
    const SrcMgr::SLocEntry& Entry = SM.getLocalSLocEntry(I);
    if (!Entry.isFile())
      continue;
    const SrcMgr::ContentCache& Content = Entry.getFile().getContentCache();
    if (!Content.OrigEntry)
      continue;
    StringRef Path = Content.OrigEntry->getName(); // the path as it was included
    for (unsigned P = 0; P < ProfileCount; ++P)
      if (!Seen[P])
        for (const std::string& D : Lists[P])
          if (Path.contains(D)) {
            Seen[P] = true;
            break;
          }
  }
  return Seen;
}

} // namespace

// `auto`: a profile is on when some file of the TU has a path containing one of its Detect
// substrings.
const std::vector<bool>& FrameworkProfiles::activeIn(ASTContext& Ctx) const {
  const SourceManager& SM = Ctx.getSourceManager();
  std::string Key = SM.getBufferName(SM.getLocForStartOfFile(SM.getMainFileID())).str();
  if (!Cached.empty() && Key == CachedFor)
    return Cached;
  CachedFor = Key;
  Cached = Auto ? detectedIn(SM) : Selectable;
  return Cached;
}

std::vector<const ProfileName*> FrameworkProfiles::activeEntries(ProfileRole Role,
                                                                 ASTContext& Ctx) const {
  std::vector<const ProfileName*> Out;
  const std::vector<bool>& On = activeIn(Ctx);
  for (const ProfileName& N : Names)
    if (N.Role == Role && On[N.Profile])
      Out.push_back(&N);
  return Out;
}

bool FrameworkProfiles::isActiveName(StringRef Name, ProfileRole Role, ASTContext& Ctx) const {
  bool Known = false;
  const std::vector<bool>& On = activeIn(Ctx);
  for (const ProfileName& N : Names) {
    if (N.Role != Role || N.Name != Name)
      continue;
    if (On[N.Profile])
      return true;
    Known = true;
  }
  return !Known;
}

std::vector<std::string> FrameworkProfiles::activeIds(ASTContext& Ctx) const {
  std::vector<std::string> Out;
  const std::vector<bool>& On = activeIn(Ctx);
  for (unsigned P = 0; P < ProfileCount; ++P)
    if (On[P])
      Out.push_back(Profiles[P].Id);
  return Out;
}

} // namespace clang::tidy::racelab
