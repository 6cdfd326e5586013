//===--- ContextCheckBase.cpp - racelab --------------------------------*- C++ -*-===//
#include "ContextCheckBase.h"

#include "AstUtils.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::racelab {

ContextCheckBase::ContextCheckBase(StringRef Name, ClangTidyContext* Context,
                                   ContextModel::AlsoReads Extra, StringRef WhyItMatters)
    : ClangTidyCheck(Name, Context), Profiles(Options), Contexts(Options, Extra, Profiles),
      Spawns(Options, Profiles, /*LoopCallbacks=*/true),
      RawCompletions(Options.getLocalOrGlobal("CompletionTypes", "")),
      UserCompletions(parseCompletions(RawCompletions)),
      Message(("%0 %1 escapes into %2; " + WhyItMatters + ": %3").str()) {}

void ContextCheckBase::storeOptions(ClangTidyOptions::OptionMap& Opts) {
  Profiles.storeOptions(Options, Opts);
  Contexts.storeOptions(Options, Opts);
  Spawns.storeOptions(Options, Opts);
  Options.store(Opts, "CompletionTypes", RawCompletions);
}

// "::fw::Responder=finish,fail;::fw::Call=done": a type, '=', its completion methods.
std::vector<ContextCheckBase::CompletionRule> ContextCheckBase::parseCompletions(StringRef Option) {
  std::vector<CompletionRule> Out;
  for (StringRef Entry : utils::options::parseStringList(Option)) {
    auto [Type, Methods] = Entry.split('=');
    std::vector<std::string> T = parseQualifiedNames(Type);
    CompletionRule R;
    llvm::SmallVector<StringRef, 4> Names;
    Methods.split(Names, ',', -1, /*KeepEmpty=*/false);
    for (StringRef M : Names)
      if (!M.trim().empty())
        R.Methods.push_back(M.trim().str());
    if (T.size() != 1 || R.Methods.empty())
      continue; // a malformed entry contracts nothing
    R.Type = T.front();
    Out.push_back(std::move(R));
  }
  return Out;
}

// A completion contract of a profile that is on (gRPC's reactor->Finish()) or of the user's
// CompletionTypes: the framework keeps the call's objects alive until the spawned work calls one
// of the completion methods, as its last statement.
std::vector<ContextCheckBase::CompletionRule>
ContextCheckBase::completionRules(ASTContext& Ctx) const {
  std::vector<CompletionRule> Rules = UserCompletions;
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::Completion, Ctx)) {
    CompletionRule R{N->Name, {}};
    for (StringRef M : utils::options::parseStringList(N->Methods))
      R.Methods.push_back(M.trim().str());
    Rules.push_back(std::move(R));
  }
  return Rules;
}

bool ContextCheckBase::endsWithCompletion(const Spawn& S, ASTContext& Ctx) const {
  using namespace ast_matchers;
  for (const CompletionRule& R : completionRules(Ctx)) {
    auto Completion = cxxMemberCallExpr(callee(
        cxxMethodDecl(ofClass(cxxRecordDecl(isSameOrDerivedFrom(namedOneOf(nameList({R.Type}))))),
                      hasAnyName(std::vector<StringRef>(R.Methods.begin(), R.Methods.end())))));
    // The completion must be the work's last step: a use after it is the bug again.
    for (const Expr* Arg : S.Args) {
      const LambdaExpr* L = lambdaOf(Arg);
      // LambdaExpr::getBody() is a Stmt before LLVM 16.
      const auto* Body = L ? dyn_cast<CompoundStmt>(L->getBody()) : nullptr;
      if (Body && !Body->body_empty() &&
          !match(findAll(Completion), *Body->body_back(), Ctx).empty())
        return true;
    }
  }
  return false;
}

// Whether `M` returns (a pointer or reference to) a class under a completion contract that is on
// (a profile's or the user's): gRPC's callback methods return their ServerUnaryReactor.
bool ContextCheckBase::returnsCompletionType(const CXXMethodDecl* M, ASTContext& Ctx) const {
  QualType R = M->getReturnType().getNonReferenceType();
  if (!R->getPointeeType().isNull())
    R = R->getPointeeType();
  if (!R->getAsCXXRecordDecl())
    return false;
  std::vector<std::string> Types;
  for (CompletionRule& C : completionRules(Ctx))
    Types.push_back(std::move(C.Type));
  return !Types.empty() && isOneOfClasses(R, Types, Ctx);
}

const ProfileName* ContextCheckBase::loopBoundEntry(QualType Class, ASTContext& Ctx) const {
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::LoopBound, Ctx))
    if (isOneOfTypes(Class, {N->Name}, Ctx))
      return N;
  return nullptr;
}

void ContextCheckBase::registerMatchers(ast_matchers::MatchFinder* Finder) {
  if (!Contexts.knowsContexts())
    return;
  // Template instantiations are inspected too (a dependent spawn has no thread type in the
  // definition); a capture reached again by another instantiation is reported once.
  Spawns.registerSpawnMatchers(Finder, this);
}

void ContextCheckBase::check(const ast_matchers::MatchFinder::MatchResult& Result) {
  const auto* E = Result.Nodes.getNodeAs<Expr>("spawn");
  std::optional<Spawn> S = Spawns.describe(E, *Result.Context);
  if (!S)
    return;
  InTemplateInstantiation InTemplate(*S, *Result.Context);
  SpawnSite Site{*S, *Result.Context, *Result.SourceManager, InTemplate};
  std::vector<Finding> Findings = collectFindings(Site);
  if (!Findings.empty() && (S->KeepsRequest || endsWithCompletion(*S, *Result.Context)))
    llvm::erase_if(Findings, [](const Finding& F) { return !F.OutlivedByCompletion; });
  if (Findings.empty())
    return;
  Escape Esc = Spawns.escapeOf(*S, *Result.Context);
  if (Esc.Escapes)
    report(Findings, Esc);
}

// Each location once per TU: a capture reached by a second spawn (a lambda stored, spawned
// twice) or by another instantiation of a template is not reported again.
void ContextCheckBase::report(const std::vector<Finding>& Findings, const Escape& Esc) {
  for (const Finding& F : Findings) {
    if (!Reported.insert(F.Loc.getRawEncoding()).second)
      continue;
    {
      auto D = F.Why.empty() ? diag(F.Loc, Message) << F.What << F.How << Esc.Into << F.Cure
                             : diag(F.Loc, "%0 %1 escapes into %2; %3: %4")
                                   << F.What << F.How << Esc.Into << F.Why << F.Cure;
      if (F.Fix)
        D << *F.Fix;
    } // the warning is emitted here, before its note
    if (Esc.NoteLoc.isValid())
      diag(Esc.NoteLoc, Esc.Note, DiagnosticIDs::Note);
  }
}

bool ContextCheckBase::InTemplateInstantiation::operator()() {
  using namespace ast_matchers;
  if (!Cached) {
    if (const FunctionDecl* FD = functionAround(S.Call, S.Args, Ctx))
      Cached = isInInstantiation(FD);
    else
      Cached = !match(stmt(isInTemplateInstantiation()), *S.Call, Ctx).empty();
  }
  return *Cached;
}

} // namespace clang::tidy::racelab
