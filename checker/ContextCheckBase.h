//===--- ContextCheckBase.h - racelab ----------------------------------*- C++ -*-===//
//
// What the two context checks share: the options naming the context types and the spawn
// functions, AllowScopedThreads, the spawn matchers, the shape of a finding and its report
// (each location once per TU, with the escape point as a note).
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_CONTEXTCHECKBASE_H
#define RACELAB_CHECKER_CONTEXTCHECKBASE_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::racelab {

struct Escape;

class ContextCheckBase : public ClangTidyCheck {
public:
  ContextCheckBase(StringRef Name, ClangTidyContext* Context);
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }

protected:
  /// One capture or argument that carries the context (or a view into it) into a spawn.
  struct Finding {
    SourceLocation Loc;
    std::string Name; ///< %0 of the message: "'c'", "member 'ctx_'", "'uid' ", ""
    std::string How;  ///< %1: "captured by reference", "passed by std::ref"
    std::string Cure; ///< %3: "capture 'c.copy()' instead"
    std::optional<FixItHint> Fix;
  };

  /// Reports each finding with `Message` (%0 name, %1 how, %2 what it escapes into, %3 cure),
  /// once per TU: a capture reached by a second spawn (a lambda stored, spawned twice) or by
  /// another instantiation of a template is not reported again. The escape point is a note.
  void report(const std::vector<Finding>& Findings, const Escape& Esc, StringRef Message);

  /// Whether `E` lies in a template instantiation, where a fix-it would rewrite every
  /// instantiation, including ones where the rewrite is wrong. Asked only when a fix-it is at
  /// stake: the query builds the TU's parent map.
  class InTemplateInstantiation {
  public:
    InTemplateInstantiation(const Expr& E, ASTContext& Ctx) : E(E), Ctx(Ctx) {}
    bool operator()();

  private:
    const Expr& E;
    ASTContext& Ctx;
    std::optional<bool> Cached;
  };

  const std::string RawContextTypes;
  const std::string RawSpawnFunctions;
  const bool AllowScopedThreads;
  std::vector<std::string> ContextTypes;
  std::vector<std::string> SpawnFunctions; // the defaults plus the option's

private:
  llvm::DenseSet<unsigned> Reported; // raw encodings of the locations reported in this TU
};

} // namespace clang::tidy::racelab

#endif
