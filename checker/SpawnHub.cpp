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
// namedOneOf over a list that may still grow after the matcher is built.
AST_MATCHER_P(NamedDecl, namedInList, std::shared_ptr<const NameList>, List) {
  return isNamedOneOf(&Node, *List);
}
// The call matcher's callee test as one leaf (see calleeNamedOneOf).
AST_MATCHER_P(CallExpr, calleeInList, std::shared_ptr<const NameList>, List) {
  const auto* F = dyn_cast_or_null<FunctionDecl>(Node.getCalleeDecl());
  return F && isNamedOneOf(F, *List);
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

SpawnMatchers spawnMatchers(const ast_matchers::internal::Matcher<NamedDecl>& Listed) {
  auto ThreadClass = cxxRecordDecl(hasAnyName("::std::thread", "::std::jthread"));
  auto ThreadContainer = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(classTemplateSpecializationDecl(hasTemplateArgument(
          0,
          refersToType(hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadClass))))))))));
  // The name first: it rejects almost every node by its last name alone, before the source
  // manager is asked where the node was expanded.
  auto NotSystem = unless(isExpansionInSystemHeader());
  return {
      cxxConstructExpr(constructionArgumentsAtLeast(1),
                       hasDeclaration(cxxConstructorDecl(ofClass(cxxRecordDecl(Listed)),
                                                         unless(isCopyConstructor()),
                                                         unless(isMoveConstructor()))),
                       NotSystem)
          .bind("spawn"),
      cxxMemberCallExpr(
          callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace", "emplace_front"))), NotSystem,
          on(anyOf(hasType(ThreadContainer), hasType(pointsTo(ThreadContainer)))))
          .bind("spawn"),
      callExpr(callee(functionDecl(Listed)), NotSystem).bind("spawn"),
  };
}

SpawnHub::SpawnHub(MatchFinder* Finder) {
  SpawnMatchers M = spawnMatchers(namedInList(std::shared_ptr<const NameList>(Names)));
  Finder->addMatcher(M.Construction, this);
  Finder->addMatcher(M.Emplace, this);
  // M.Call's shape with its callee test as one leaf: every call of the TU is tried against it.
  Finder->addMatcher(callExpr(calleeInList(std::shared_ptr<const NameList>(Names)),
                              unless(isExpansionInSystemHeader()))
                         .bind("spawn"),
                     this);
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
