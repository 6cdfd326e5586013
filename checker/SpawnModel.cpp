//===--- SpawnModel.cpp - racelab --------------------------------------*- C++ -*-===//
#include "SpawnModel.h"

#include "AstUtils.h"
#include "Compat.h"
#include "EscapeAnalysis.h"

#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

/// The spawn functions every check knows without being told (documented in docs/checks/).
constexpr const char* BuiltinSpawnFunctions =
    "::std::thread;::std::jthread;::std::async;::pthread_create";

} // namespace

SpawnModel::SpawnModel(ClangTidyCheck::OptionsView& Options)
    : RawSpawnFunctions(Options.getLocalOrGlobal("SpawnFunctions", "")),
      AllowScopedThreads(Options.getLocalOrGlobal("AllowScopedThreads", true)) {
  SpawnFunctions = parseQualifiedNames(BuiltinSpawnFunctions);
  for (std::string& F : parseQualifiedNames(RawSpawnFunctions))
    SpawnFunctions.push_back(std::move(F));
}

void SpawnModel::storeOptions(ClangTidyCheck::OptionsView& Options,
                              ClangTidyOptions::OptionMap& Opts) const {
  Options.store(Opts, "SpawnFunctions", RawSpawnFunctions);
  Options.store(Opts, "AllowScopedThreads", AllowScopedThreads);
}

namespace {

// The three shapes of a spawn, one matcher per node kind.
struct SpawnMatchers {
  StatementMatcher Construction; // std::thread t(f), Pool p(f): a constructor of a listed class
  StatementMatcher Emplace;      // threads.emplace_back(f): a container of threads
  StatementMatcher Call;         // std::async(f), pool.submit(f): a listed function
};

SpawnMatchers spawnMatchers(const std::vector<std::string>& SpawnFunctions) {
  std::vector<StringRef> Names(SpawnFunctions.begin(), SpawnFunctions.end());
  auto ThreadClass = cxxRecordDecl(hasAnyName("::std::thread", "::std::jthread"));
  auto ThreadContainer = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(classTemplateSpecializationDecl(hasTemplateArgument(
          0,
          refersToType(hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadClass))))))))));
  auto NotSystem = unless(isExpansionInSystemHeader());
  return {
      cxxConstructExpr(NotSystem, constructionArgumentsAtLeast(1),
                       hasDeclaration(cxxConstructorDecl(ofClass(cxxRecordDecl(hasAnyName(Names))),
                                                         unless(isCopyConstructor()),
                                                         unless(isMoveConstructor()))))
          .bind("spawn"),
      cxxMemberCallExpr(
          NotSystem, callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace", "emplace_front"))),
          on(anyOf(hasType(ThreadContainer), hasType(pointsTo(ThreadContainer)))))
          .bind("spawn"),
      callExpr(NotSystem, callee(functionDecl(hasAnyName(Names)))).bind("spawn"),
  };
}

} // namespace

void SpawnModel::registerSpawnMatchers(MatchFinder* Finder,
                                       MatchFinder::MatchCallback* Callback) const {
  SpawnMatchers M = spawnMatchers(SpawnFunctions);
  Finder->addMatcher(M.Construction, Callback);
  Finder->addMatcher(M.Emplace, Callback);
  Finder->addMatcher(M.Call, Callback);
}

StatementMatcher SpawnModel::anySpawn() const {
  SpawnMatchers M = spawnMatchers(SpawnFunctions);
  return stmt(anyOf(M.Construction, M.Emplace, M.Call));
}

bool SpawnModel::isListed(StringRef QualifiedName) const {
  return std::find(SpawnFunctions.begin(), SpawnFunctions.end(), QualifiedName) !=
         SpawnFunctions.end();
}

namespace {
template <typename Range> void addArguments(Spawn& S, Range Args) {
  for (const Expr* A : Args)
    if (!isa<CXXDefaultArgExpr>(A))
      S.Args.push_back(A);
}
} // namespace

std::optional<Spawn> SpawnModel::describe(const Expr* E) const {
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E))
    return describeConstruction(CE);
  const auto* C = dyn_cast<CallExpr>(E);
  if (!C)
    return std::nullopt;
  // A member call that is not itself listed is an emplace on a container of threads.
  if (const auto* MC = dyn_cast<CXXMemberCallExpr>(C);
      MC && MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
      !isListed(qualifiedName(MC->getMethodDecl())))
    return describeEmplace(MC);
  return describeCall(C);
}

std::optional<Spawn> SpawnModel::describeConstruction(const CXXConstructExpr* E) const {
  Spawn S;
  S.Call = E;
  std::string Q = qualifiedName(E->getConstructor()->getParent());
  if (Q == "::std::thread" && isListed(Q))
    S.Kind = SpawnKind::StdThread, S.What = "std::thread";
  else if (Q == "::std::jthread" && isListed(Q))
    S.Kind = SpawnKind::JThread, S.What = "std::jthread";
  else
    S.Kind = SpawnKind::Custom, S.What = "'" + Q + "'";
  addArguments(S, E->arguments());
  return S;
}

std::optional<Spawn> SpawnModel::describeEmplace(const CXXMemberCallExpr* Call) const {
  // The arguments construct the container's element: a thread, when the element type is listed.
  const auto* Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(Call->getMethodDecl()->getParent());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  const auto* Element = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (!Element || !isListed(qualifiedName(Element)))
    return std::nullopt;
  Spawn S;
  S.Call = Call;
  S.Kind = SpawnKind::Emplace;
  S.What = qualifiedName(Element) == "::std::jthread" ? "std::jthread" : "std::thread";
  for (const Expr* A : Call->arguments())
    S.Args.push_back(A);
  return S;
}

std::optional<Spawn> SpawnModel::describeCall(const CallExpr* Call) const {
  const FunctionDecl* FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  Spawn S;
  S.Call = Call;
  std::string Q = qualifiedName(FD);
  if (Q == "::pthread_create") {
    S.Kind = SpawnKind::PThreadCreate, S.What = "pthread_create";
    if (Call->getNumArgs() == 4) // the start routine and its argument
      S.Args = {Call->getArg(2), Call->getArg(3)};
    return S;
  }
  if (Q == "::std::async")
    S.Kind = SpawnKind::Async, S.What = "std::async";
  else
    S.Kind = SpawnKind::Custom, S.What = "'" + Q + "'";
  addArguments(S, Call->arguments());
  return S;
}

Escape SpawnModel::escapeOf(const Spawn& S, ASTContext& Ctx) const {
  Escape E = analyzeEscape(S, Ctx);
  if (!E.Escapes && !AllowScopedThreads)
    E = {true, "a " + S.What, SourceLocation(), ""};
  return E;
}

const LambdaExpr* lambdaOf(const Expr* Arg) {
  for (int Depth = 0; Arg && Depth < 8; ++Depth) {
    const Expr* E = stripWrappers(Arg);
    if (const auto* L = dyn_cast<LambdaExpr>(E))
      return L;
    if (const auto* CE = dyn_cast<CXXConstructExpr>(E)) {
      // std::function<void()>(lambda), or any wrapper constructed from one callable.
      for (const Expr* A : CE->arguments())
        if (const LambdaExpr* L = lambdaOf(A))
          return L;
      return nullptr;
    }
    const auto* DRE = dyn_cast<DeclRefExpr>(E);
    const auto* V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!V || !V->hasLocalStorage() || !V->getInit())
      return nullptr;
    Arg = V->getInit();
  }
  return nullptr;
}

} // namespace clang::tidy::racelab
