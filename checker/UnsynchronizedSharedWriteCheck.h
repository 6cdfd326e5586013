//===--- UnsynchronizedSharedWriteCheck.h - racelab --------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_UNSYNCHRONIZEDSHAREDWRITECHECK_H
#define RACELAB_CHECKER_UNSYNCHRONIZEDSHAREDWRITECHECK_H

#include "ConcurrentEntries.h"
#include "SpawnModel.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

struct SharedWrite;

/// Flags a write to shared, non-atomic state (static storage, or a local captured by reference
/// and written by several spawned threads) inside a spawned callable, with no lock held; and in
/// the methods a framework calls concurrently (ConcurrentEntries), a write to static storage or
/// to a member of the one object they share.
///
/// For the user-facing documentation see: docs/checks/racelab-unsynchronized-shared-write.md
class UnsynchronizedSharedWriteCheck : public ClangTidyCheck {
public:
  UnsynchronizedSharedWriteCheck(StringRef Name, ClangTidyContext* Context);
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult& Result) override;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;
  void onStartOfTranslationUnit() override {
    Reported.clear();
    Analyzed.clear();
  }

private:
  void emitDiagnostic(const SharedWrite& W, StringRef Why);
  void checkSpawningBody(const Stmt* Body, ASTContext& Ctx);
  void checkConcurrentHandler(const CXXMethodDecl* Handler,
                              const std::optional<ConcurrentEntry>& Entry, ASTContext& Ctx);
  void checkTableHandler(const CXXOperatorCallExpr* Assign, ASTContext& Ctx);

  const FrameworkProfiles Profiles; // before Spawns and Entries, which keep a reference to it
  const SpawnModel Spawns;
  const ConcurrentEntries Entries;
  const std::string RawLockTypes;
  const std::vector<std::string> LockTypes;
  llvm::DenseSet<const void*> Analyzed; // bodies (and registered methods) already analysed
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::racelab

#endif
