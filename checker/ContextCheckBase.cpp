//===--- ContextCheckBase.cpp - racelab --------------------------------*- C++ -*-===//
#include "ContextCheckBase.h"

#include "SpawnAnalysis.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::racelab {

ContextCheckBase::ContextCheckBase(StringRef Name, ClangTidyContext* Context)
    : ClangTidyCheck(Name, Context),
      RawContextTypes(Options.get("ContextTypes", "::minigin::Context")),
      RawSpawnFunctions(Options.get("SpawnFunctions", "")),
      AllowScopedThreads(Options.get("AllowScopedThreads", true)) {
  ContextTypes = parseQualifiedNames(RawContextTypes);
  SpawnFunctions = parseQualifiedNames(DefaultSpawnFunctions);
  for (std::string& F : parseQualifiedNames(RawSpawnFunctions))
    SpawnFunctions.push_back(std::move(F));
}

void ContextCheckBase::storeOptions(ClangTidyOptions::OptionMap& Opts) {
  Options.store(Opts, "ContextTypes", RawContextTypes);
  Options.store(Opts, "SpawnFunctions", RawSpawnFunctions);
  Options.store(Opts, "AllowScopedThreads", AllowScopedThreads);
}

void ContextCheckBase::registerMatchers(ast_matchers::MatchFinder* Finder) {
  if (ContextTypes.empty())
    return;
  // Template instantiations are inspected too (a dependent spawn has no thread type in the
  // definition); a capture reached again by another instantiation is reported once.
  for (const auto& M : spawnMatchers(SpawnFunctions))
    Finder->addMatcher(M, this);
}

void ContextCheckBase::report(const std::vector<Finding>& Findings, const Escape& Esc,
                              StringRef Message) {
  for (const Finding& F : Findings) {
    if (!Reported.insert(F.Loc.getRawEncoding()).second)
      continue;
    {
      auto D = diag(F.Loc, Message) << F.Name << F.How << Esc.Into << F.Cure;
      if (F.Fix)
        D << *F.Fix;
    } // the warning is emitted here, before its note
    if (Esc.NoteLoc.isValid())
      diag(Esc.NoteLoc, Esc.Note, DiagnosticIDs::Note);
  }
}

bool ContextCheckBase::InTemplateInstantiation::operator()() {
  using namespace ast_matchers;
  if (!Cached)
    Cached = !match(stmt(isInTemplateInstantiation()), E, Ctx).empty();
  return *Cached;
}

} // namespace clang::tidy::racelab
