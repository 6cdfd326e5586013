//===--- SpawnHub.h - racelab ------------------------------------------*- C++ -*-===//
//
// The spawn matchers, added to a TU's match finder once for every racelab check that needs
// them. The match finder tries each matcher on every node of its kind in the TU, system headers
// included, so three checks each adding the same three matchers paid three times for one
// answer (docs/performance.md). The first check to subscribe adds them, naming the union of
// every subscriber's spawn functions (read when matching, after all have subscribed); each
// match goes to every subscriber, which describes it with its own SpawnModel as before.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_SPAWNHUB_H
#define RACELAB_CHECKER_SPAWNHUB_H

#include "AstUtils.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// The three shapes of a spawn, one matcher per node kind, so that the match finder tries each
/// only on nodes of its kind (a single stmt(anyOf(...)) would run on every statement of the
/// TU). Each binds "spawn" and skips system headers.
struct SpawnMatchers {
  ast_matchers::StatementMatcher Construction; // std::thread t(f), Pool p(f): a listed class
  ast_matchers::StatementMatcher Emplace;      // threads.emplace_back(f): a container of threads
  ast_matchers::StatementMatcher Call;         // std::async(f), pool.submit(f): a listed function
};
/// `Listed` names the classes and functions that spawn (read when matching: the hub's list grows
/// as checks subscribe). Each matcher tests the node's own kind and name in one leaf first: the
/// match finder tries it on every node of its kind in the TU, and nested matchers
/// (callee(functionDecl(...))) cost a dynamic dispatch each on every one of them.
SpawnMatchers spawnMatchers(std::shared_ptr<const NameList> Listed);

class SpawnHub : public ast_matchers::MatchFinder::MatchCallback {
public:
  /// `Check` receives every spawn match of `Finder`'s TU (a node bound to "spawn") from now on,
  /// and the TU's start and end (twice, for a check that also adds matchers of its own: the
  /// checks only reset their state there). `Names`: what it counts as spawns.
  static void subscribe(ast_matchers::MatchFinder* Finder,
                        ast_matchers::MatchFinder::MatchCallback* Check,
                        const std::vector<std::string>& Names);
  /// Called when `Check` is destroyed: the last subscriber of a TU removes its hub.
  static void unsubscribe(const ast_matchers::MatchFinder::MatchCallback* Check);

  void run(const ast_matchers::MatchFinder::MatchResult& Result) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  StringRef getID() const override { return "racelab-spawn-matchers"; }

private:
  explicit SpawnHub(ast_matchers::MatchFinder* Finder);

  std::vector<ast_matchers::MatchFinder::MatchCallback*> Subscribers;
  std::vector<std::string> AllNames;
  /// What the matchers read when they run; refilled on each subscription.
  const std::shared_ptr<NameList> Names = std::make_shared<NameList>();
};

} // namespace clang::tidy::racelab

#endif
