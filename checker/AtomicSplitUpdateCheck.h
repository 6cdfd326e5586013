//===--- AtomicSplitUpdateCheck.h - racelab ----------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_ATOMICSPLITUPDATECHECK_H
#define RACELAB_CHECKER_ATOMICSPLITUPDATECHECK_H

#include "FrameworkProfiles.h"
#include "SequentialCode.h"
#include "SpawnModel.h"

#include "clang-tidy/ClangTidyCheck.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

/// Flags a read-modify-write of one std::atomic split into a separate load and store
/// (`a = a + 1`, `a.store(a.load() + 1)`): no data race, so ThreadSanitizer is silent, but
/// concurrent updates are lost.
///
/// For the user-facing documentation see: docs/checks/racelab-atomic-split-update.md
class AtomicSplitUpdateCheck : public ClangTidyCheck {
public:
  AtomicSplitUpdateCheck(StringRef Name, ClangTidyContext* Context);
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult& Result) override;
  void onStartOfTranslationUnit() override { Sequential.reset(); }

private:
  /// An atomic that one thread writes and others only read: its split updates lose nothing.
  bool isSingleWriter(const Expr* Obj) const;

  std::string RawSingleWriter;
  std::vector<std::string> SingleWriter;
  // What may start a thread, for telling code no concurrent code reaches (main before its
  // threads); Profiles before Spawns, which keeps a reference to it.
  const FrameworkProfiles Profiles;
  const SpawnModel Spawns;
  SequentialCode Sequential;
};

} // namespace clang::tidy::racelab

#endif
