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
  /// Code the framework runs on several threads at once: a handler's body, or a route's lambda.
  struct ConcurrentCode {
    const Stmt* Body;
    /// The class of the one object its `this` points to in every call, or nullptr.
    const CXXRecordDecl* SharedThis;
    std::string Who;               ///< "'Api::get'", "the lambda registered with '...'"
    std::string Object;            ///< what the object is, for the diagnostic
    std::vector<const Stmt*> Skip; ///< nested lambdas' bodies, which run elsewhere
    SourceLocation NoteAt;         ///< why it is concurrent: where, and what
    std::string Note;
  };
  void checkRoute(const Spawn& S, ASTContext& Ctx);
  void checkConcurrentCode(const ConcurrentCode& Code, bool Globals, ASTContext& Ctx);
  void checkWritesIn(const ConcurrentCode& Code, const Stmt& Body, const std::string& Who,
                     bool Globals, const CXXMemberCallExpr* Via, ASTContext& Ctx);

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
