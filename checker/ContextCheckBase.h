//===--- ContextCheckBase.h - racelab ----------------------------------*- C++ -*-===//
//
// What the two context checks share: the spawn model and the context model (and so their
// options), the spawn matchers, and one fixed sequence per match: describe the spawn, collect
// what carries the context into it (the one step each check defines), decide whether the
// thread escapes, report each finding once per TU with the escape point as a note.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_CONTEXTCHECKBASE_H
#define RACELAB_CHECKER_CONTEXTCHECKBASE_H

#include "ContextModel.h"
#include "SpawnModel.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::racelab {

class ContextCheckBase : public ClangTidyCheck {
public:
  bool isLanguageVersionSupported(const LangOptions& LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder* Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult& Result) final;
  void storeOptions(ClangTidyOptions::OptionMap& Opts) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }

protected:
  /// `WhyItMatters` ends each warning before the cure: "the context is reset or destroyed when
  /// the request ends".
  ContextCheckBase(StringRef Name, ClangTidyContext* Context, ContextModel::AlsoReads Extra,
                   StringRef WhyItMatters);

  /// One capture or argument that carries the context (or a view into it) into a spawn.
  /// Reported as "<What> <How> escapes into <escape>; <WhyItMatters>: <Cure>".
  struct Finding {
    SourceLocation Loc;
    std::string What; ///< "original context 'c'", "view 'uid'", "view"
    std::string How;  ///< "captured by reference", "passed by std::ref"
    std::string Cure; ///< "capture 'c.copy()' instead"
    std::optional<FixItHint> Fix;
    /// Why the escape matters, when it is not the check's usual reason (a session, a local).
    std::string Why = "";
    /// The object dies when the handler returns even under a completion contract (an argument
    /// on the generated wrapper's stack): work that ends by completing does not keep it.
    bool OutlivedByCompletion = false;
  };

  /// Whether the spawn being analysed lies in a template instantiation, where a fix-it would
  /// rewrite every instantiation, including ones where the rewrite is wrong. Asked only when a
  /// fix-it is at stake. Told by the declarations around the spawn's function; only when that
  /// function cannot be found does the query build the TU's parent map.
  class InTemplateInstantiation {
  public:
    InTemplateInstantiation(const Spawn& S, ASTContext& Ctx) : S(S), Ctx(Ctx) {}
    bool operator()();

  private:
    const Spawn& S;
    ASTContext& Ctx;
    std::optional<bool> Cached;
  };

  /// Everything a check's collector needs about one match.
  struct SpawnSite {
    const Spawn& S;
    ASTContext& Ctx;
    const SourceManager& SM;
    InTemplateInstantiation& InTemplate;
  };

  /// The one step each check defines: what, among the spawn's arguments, carries the context.
  virtual std::vector<Finding> collectFindings(SpawnSite& Site) = 0;

  /// The profile entry that makes `Class` loop-bound (usable only on its own loop's thread, e.g.
  /// uWS's HttpResponse), or nullptr.
  const ProfileName* loopBoundEntry(QualType Class, ASTContext& Ctx) const;
  /// A completion contract: work that ends by calling one of Methods on a Type keeps the
  /// request alive until then.
  struct CompletionRule {
    std::string Type;
    std::vector<std::string> Methods;
  };
  static std::vector<CompletionRule> parseCompletions(StringRef Option);
  /// The completion contracts on in this TU: the user's CompletionTypes and the profiles'.
  std::vector<CompletionRule> completionRules(ASTContext& Ctx) const;
  /// Whether the spawned work ends by calling a completion method of a contract that is on.
  bool endsWithCompletion(const Spawn& S, ASTContext& Ctx) const;
  /// Whether `M` returns (a pointer or reference to) a class under a completion contract that
  /// is on: then the framework keeps `M`'s arguments until that object is completed.
  bool returnsCompletionType(const CXXMethodDecl* M, ASTContext& Ctx) const;

  const FrameworkProfiles Profiles; // before the models, which keep a reference to it
  const ContextModel Contexts;
  const SpawnModel Spawns;

private:
  void report(const std::vector<Finding>& Findings, const Escape& Esc);

  const std::string RawCompletions;
  const std::vector<CompletionRule> UserCompletions;

  const std::string Message;
  llvm::DenseSet<unsigned> Reported; // raw encodings of the locations reported in this TU
};

} // namespace clang::tidy::racelab

#endif
