//===--- SpawnHub.cpp - racelab ----------------------------------------*- C++ -*-===//
#include "SpawnHub.h"

#include "Compat.h"

#include <algorithm>
#include <map>
#include <mutex>

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
// Leaves over a list that may still grow after the matchers are built.
// A construction of a listed class, other than a copy or a move.
AST_MATCHER_P(CXXConstructExpr, constructsListed, std::shared_ptr<const NameList>, List) {
  const CXXConstructorDecl* C = Node.getConstructor();
  return C && !C->isCopyOrMoveConstructor() && isNamedOneOf(C->getParent(), *List);
}
// A call of a listed function or method (see calleeNamedOneOf).
AST_MATCHER_P(CallExpr, calleeInList, std::shared_ptr<const NameList>, List) {
  const auto* F = dyn_cast_or_null<FunctionDecl>(Node.getCalleeDecl());
  return F && isNamedOneOf(F, *List);
}
// emplace_back, emplace or emplace_front, by the method's identifier.
AST_MATCHER(CXXMemberCallExpr, callsEmplace) {
  const CXXMethodDecl* M = Node.getMethodDecl();
  if (!M || !M->getIdentifier())
    return false;
  StringRef N = M->getName();
  return N == "emplace_back" || N == "emplace" || N == "emplace_front";
}
#pragma clang diagnostic pop

// One hub per match finder, that is per TU being matched. clangd matches several TUs at once
// on its worker threads, hence the lock; clang-tidy matches one.
std::mutex HubsLock;
std::map<MatchFinder*, std::unique_ptr<SpawnHub>>& hubs() {
  static std::map<MatchFinder*, std::unique_ptr<SpawnHub>> Hubs;
  return Hubs;
}

} // namespace

SpawnMatchers spawnMatchers(std::shared_ptr<const NameList> Listed) {
  auto ThreadClass = cxxRecordDecl(hasAnyName("::std::thread", "::std::jthread"));
  auto ThreadContainer = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(classTemplateSpecializationDecl(hasTemplateArgument(
          0,
          refersToType(hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadClass))))))))));
  // The name first: it rejects almost every node by its last name alone, before the source
  // manager is asked where the node was expanded.
  auto NotSystem = unless(isExpansionInSystemHeader());
  return {
      cxxConstructExpr(constructionArgumentsAtLeast(1), constructsListed(Listed), NotSystem)
          .bind("spawn"),
      cxxMemberCallExpr(callsEmplace(), NotSystem,
                        on(anyOf(hasType(ThreadContainer), hasType(pointsTo(ThreadContainer)))))
          .bind("spawn"),
      callExpr(calleeInList(Listed), NotSystem).bind("spawn"),
  };
}

SpawnHub::SpawnHub(MatchFinder* Finder) {
  SpawnMatchers M = spawnMatchers(Names);
  Finder->addMatcher(M.Construction, this);
  Finder->addMatcher(M.Emplace, this);
  Finder->addMatcher(M.Call, this);
}

void SpawnHub::subscribe(MatchFinder* Finder, MatchFinder::MatchCallback* Check,
                         const std::vector<std::string>& Names) {
  std::lock_guard<std::mutex> Lock(HubsLock);
  std::unique_ptr<SpawnHub>& Hub = hubs()[Finder];
  if (!Hub)
    Hub.reset(new SpawnHub(Finder));
  if (std::find(Hub->Subscribers.begin(), Hub->Subscribers.end(), Check) == Hub->Subscribers.end())
    Hub->Subscribers.push_back(Check);
  for (const std::string& N : Names)
    if (std::find(Hub->AllNames.begin(), Hub->AllNames.end(), N) == Hub->AllNames.end())
      Hub->AllNames.push_back(N);
  *Hub->Names = nameList(Hub->AllNames);
}

void SpawnHub::unsubscribe(const MatchFinder::MatchCallback* Check) {
  std::lock_guard<std::mutex> Lock(HubsLock);
  auto& Hubs = hubs();
  for (auto It = Hubs.begin(); It != Hubs.end();) {
    auto& Subs = It->second->Subscribers;
    Subs.erase(std::remove(Subs.begin(), Subs.end(), Check), Subs.end());
    It = Subs.empty() ? Hubs.erase(It) : std::next(It);
  }
}

void SpawnHub::run(const MatchFinder::MatchResult& Result) {
  for (MatchFinder::MatchCallback* Check : Subscribers)
    Check->run(Result);
}

// A check that adds no matcher of its own hears of the TU's start and end only from here.
void SpawnHub::onStartOfTranslationUnit() {
  for (MatchFinder::MatchCallback* Check : Subscribers)
    Check->onStartOfTranslationUnit();
}

void SpawnHub::onEndOfTranslationUnit() {
  for (MatchFinder::MatchCallback* Check : Subscribers)
    Check->onEndOfTranslationUnit();
}

} // namespace clang::tidy::racelab
