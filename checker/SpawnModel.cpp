//===--- SpawnModel.cpp - racelab --------------------------------------*- C++ -*-===//
#include "SpawnModel.h"

#include "AstUtils.h"
#include "Compat.h"
#include "EscapeAnalysis.h"
#include "SpawnHub.h"

#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

/// The spawn functions every check knows without being told (documented in docs/checks/).
constexpr const char* BuiltinSpawnFunctions =
    "::std::thread;::std::jthread;::std::async;::pthread_create";

} // namespace

SpawnModel::SpawnModel(ClangTidyCheck::OptionsView& Options, const FrameworkProfiles& Profiles,
                       bool LoopCallbacks)
    : RawSpawnFunctions(Options.getLocalOrGlobal("SpawnFunctions", "")),
      AllowScopedThreads(Options.getLocalOrGlobal("AllowScopedThreads", true)), Profiles(Profiles),
      ProfileSpawns(Profiles.namesOf(ProfileRole::Spawn)),
      LoopCallbacks(LoopCallbacks ? Profiles.namesOf(ProfileRole::LoopCallback)
                                  : std::vector<std::string>()),
      RawAwaitingFunctions(Options.getLocalOrGlobal("AwaitingFunctions", "")),
      UserAwaitingFunctions(parseQualifiedNames(RawAwaitingFunctions)),
      AwaitingFunctions(UserAwaitingFunctions) {
  SpawnFunctions = parseQualifiedNames(BuiltinSpawnFunctions);
  for (std::string& F : parseQualifiedNames(RawSpawnFunctions))
    SpawnFunctions.push_back(std::move(F));
  for (std::string& F : Profiles.namesOf(ProfileRole::Awaiting))
    AwaitingFunctions.push_back(std::move(F));
}

void SpawnModel::storeOptions(ClangTidyCheck::OptionsView& Options,
                              ClangTidyOptions::OptionMap& Opts) const {
  Options.store(Opts, "SpawnFunctions", RawSpawnFunctions);
  Options.store(Opts, "AwaitingFunctions", RawAwaitingFunctions);
  Options.store(Opts, "AllowScopedThreads", AllowScopedThreads);
}

std::vector<std::string> SpawnModel::allNames() const {
  std::vector<std::string> Names = SpawnFunctions;
  Names.insert(Names.end(), ProfileSpawns.begin(), ProfileSpawns.end());
  Names.insert(Names.end(), LoopCallbacks.begin(), LoopCallbacks.end());
  return Names;
}

SpawnModel::~SpawnModel() {
  if (Subscriber)
    SpawnHub::unsubscribe(Subscriber);
}

void SpawnModel::registerSpawnMatchers(MatchFinder* Finder,
                                       MatchFinder::MatchCallback* Callback) const {
  Subscriber = Callback;
  SpawnHub::subscribe(Finder, Callback, allNames());
}

StatementMatcher SpawnModel::anySpawn() const {
  SpawnMatchers M = spawnMatchers(std::make_shared<const NameList>(nameList(allNames())));
  return stmt(anyOf(M.Construction, M.Emplace, M.Call));
}

bool SpawnModel::isListed(const NamedDecl* D, ASTContext& Ctx) const {
  if (isNamedOneOf(D, SpawnFunctions))
    return true;
  if (!isNamedOneOf(D, ProfileSpawns))
    return isLoopCallback(D, Ctx);
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::Spawn, Ctx))
    if (isNamedOneOf(D, {N->Name}))
      return true;
  return false;
}

bool SpawnModel::isLoopCallback(const NamedDecl* D, ASTContext& Ctx) const {
  if (!isNamedOneOf(D, LoopCallbacks))
    return false;
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::LoopCallback, Ctx))
    if (isNamedOneOf(D, {N->Name}))
      return true;
  return false;
}

bool SpawnModel::isMarkedSpawn(const NamedDecl* D, StringRef Mark, ASTContext& Ctx) const {
  if (!isNamedOneOf(D, ProfileSpawns))
    return false;
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::Spawn, Ctx))
    if (N->Methods == Mark && isNamedOneOf(D, {N->Name}))
      return true;
  return false;
}

StringRef SpawnModel::routeObjectClass(const NamedDecl* D, ASTContext& Ctx) const {
  if (!isNamedOneOf(D, ProfileSpawns))
    return "";
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::Spawn, Ctx))
    if (N->Methods.rfind(RouteOnPrefix, 0) == 0 && isNamedOneOf(D, {N->Name}))
      return StringRef(N->Methods).drop_front(StringRef(RouteOnPrefix).size());
  return "";
}

namespace {
template <typename Range> void addArguments(Spawn& S, Range Args) {
  for (const Expr* A : Args)
    if (!isa<CXXDefaultArgExpr>(A))
      S.Args.push_back(A);
}
} // namespace

std::optional<Spawn> SpawnModel::describe(const Expr* E, ASTContext& Ctx) const {
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E))
    return describeConstruction(CE, Ctx);
  const auto* C = dyn_cast<CallExpr>(E);
  if (!C)
    return std::nullopt;
  // A member call that is not itself listed is an emplace on a container of threads.
  if (const auto* MC = dyn_cast<CXXMemberCallExpr>(C);
      MC && MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
      !isNamedOneOf(MC->getMethodDecl(), SpawnFunctions) &&
      !isNamedOneOf(MC->getMethodDecl(), ProfileSpawns) &&
      !isNamedOneOf(MC->getMethodDecl(), LoopCallbacks))
    return describeEmplace(MC, Ctx);
  return describeCall(C, Ctx);
}

std::optional<Spawn> SpawnModel::describeConstruction(const CXXConstructExpr* E,
                                                      ASTContext& Ctx) const {
  Spawn S;
  S.Call = E;
  const CXXRecordDecl* Class = E->getConstructor()->getParent();
  if (!isListed(Class, Ctx))
    return std::nullopt;
  std::string Q = templateFreeName(Class);
  if (Q == "::std::thread")
    S.Kind = SpawnKind::StdThread, S.What = "std::thread";
  else if (Q == "::std::jthread")
    S.Kind = SpawnKind::JThread, S.What = "std::jthread";
  else
    S.Kind = SpawnKind::Custom, S.What = "'" + Q + "'";
  addArguments(S, E->arguments());
  return S;
}

std::optional<Spawn> SpawnModel::describeEmplace(const CXXMemberCallExpr* Call,
                                                 ASTContext& Ctx) const {
  // The arguments construct the container's element: a thread, when the element type is listed.
  const auto* Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(Call->getMethodDecl()->getParent());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  const auto* Element = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (!Element || !isListed(Element, Ctx))
    return std::nullopt;
  Spawn S;
  S.Call = Call;
  S.Kind = SpawnKind::Emplace;
  S.What = qualifiedName(Element) == "::std::jthread" ? "std::jthread" : "std::thread";
  for (const Expr* A : Call->arguments())
    S.Args.push_back(A);
  return S;
}

std::optional<Spawn> SpawnModel::describeCall(const CallExpr* Call, ASTContext& Ctx) const {
  const FunctionDecl* FD = Call->getDirectCallee();
  if (!FD || !isListed(FD, Ctx))
    return std::nullopt;
  Spawn S;
  S.Call = Call;
  std::string Q = templateFreeName(FD);
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
  S.OnSameLoop = isLoopCallback(FD, Ctx);
  S.KeepsRequest = isMarkedSpawn(FD, KeepsRequestMark, Ctx);
  S.Route = isMarkedSpawn(FD, RouteMark, Ctx);
  if (StringRef On = routeObjectClass(FD, Ctx); !On.empty()) {
    const auto* OnObject = dyn_cast<CXXMemberCallExpr>(Call);
    // The object as written, before its conversion to the base that declares the method.
    const Expr* Object = OnObject ? OnObject->getImplicitObjectArgument() : nullptr;
    QualType T = Object ? Object->IgnoreParenImpCasts()->getType() : QualType();
    if (!T.isNull() && T->isPointerType())
      T = T->getPointeeType();
    if (T.isNull() || !isOneOfClasses(T, {On.str()}, Ctx))
      return std::nullopt;
    S.Route = true;
  }
  addArguments(S, Call->arguments());
  return S;
}

// `return std::async(...)` in a lambda handed straight to an awaiting function (a router that
// awaits the future or task its handlers return: drogon's registerHandler with a Task).
bool SpawnModel::isReturnedToAwaiter(const Spawn& S, ASTContext& Ctx) const {
  const auto* Op = dyn_cast_or_null<CXXMethodDecl>(functionAround(S.Call, S.Args, Ctx));
  if (AwaitingFunctions.empty() || !Op || !Op->getParent()->isLambda())
    return false;
  const CXXRecordDecl* Closure = Op->getParent();
  const auto* Outer = dyn_cast<FunctionDecl>(Closure->getDeclContext());
  if (!Outer || !Outer->getBody())
    return false;
  auto Awaiting =
      callExpr(callee(functionDecl(namedOneOf(nameList(AwaitingFunctions))).bind("f"))).bind("c");
  for (const auto& N : match(findAll(Awaiting), *Outer->getBody(), Ctx)) {
    const auto* F = N.getNodeAs<FunctionDecl>("f");
    bool Listed = isNamedOneOf(F, UserAwaitingFunctions);
    for (const ProfileName* P : Profiles.activeEntries(ProfileRole::Awaiting, Ctx))
      Listed = Listed || isNamedOneOf(F, {P->Name});
    if (!Listed)
      continue;
    for (const Expr* Arg : N.getNodeAs<CallExpr>("c")->arguments())
      if (const LambdaExpr* L = lambdaOf(Arg); L && L->getLambdaClass() == Closure)
        return true;
  }
  return false;
}

Escape SpawnModel::escapeOf(const Spawn& S, ASTContext& Ctx) const {
  Escape E = analyzeEscape(S, Ctx);
  if (E.Escapes && E.Returned && isReturnedToAwaiter(S, Ctx))
    return {};
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
