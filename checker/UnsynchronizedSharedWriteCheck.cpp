//===--- UnsynchronizedSharedWriteCheck.cpp - racelab ------------------*- C++ -*-===//
#include "UnsynchronizedSharedWriteCheck.h"

#include "AstUtils.h"
#include "RouteHandlers.h"
#include "SharedWrites.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

/// One unsynchronised write inside a spawned callable.
struct SharedWrite {
  const VarDecl* Var;   ///< the variable written (or whose member is written)
  const Stmt* At;       ///< the assignment, increment or operator call
  const Spawn* By;      ///< the spawn whose callable writes
  bool UnderReaderLock; ///< only a shared (reader's) lock is held there
};

namespace {

// Whether `S` sits inside a loop of `Body` (found top-down: no parent map needed).
bool isInLoop(const Stmt* S, const Stmt* Body, ASTContext& Ctx) {
  auto Loops =
      match(findAll(stmt(anyOf(forStmt(), whileStmt(), doStmt(), cxxForRangeStmt())).bind("loop")),
            *Body, Ctx);
  for (const auto& N : Loops)
    if (!match(findAll(stmt(equalsNode(S))), *N.getNodeAs<Stmt>("loop"), Ctx).empty())
      return true;
  return false;
}

// The bodies of the callables that `Body` hands to one of `Loops` (a profile's loop callback,
// ngrest's Handler::post): they run later on the framework's event loop, not on the thread
// whose body holds the call.
std::vector<const Stmt*>
loopCallbackBodiesIn(const Stmt& Body, const std::vector<std::string>& Loops, ASTContext& Ctx) {
  std::vector<const Stmt*> Out;
  if (Loops.empty())
    return Out;
  auto Posts = callExpr(callee(functionDecl(namedOneOf(nameList(Loops))))).bind("post");
  for (const auto& N : match(findAll(Posts), Body, Ctx))
    for (const Expr* Arg : N.getNodeAs<CallExpr>("post")->arguments())
      if (const LambdaExpr* L = lambdaOf(Arg))
        Out.push_back(L->getBody());
  return Out;
}

/// Gathers the unsynchronised writes of the callables that the spawns of one function hand to
/// other threads: to variables of static storage, and to locals of the function captured by
/// reference. `LoopCallbacks`: the active profiles' loop callbacks, whose callables run on the
/// framework's loop, not on the spawned thread that hands them over.
class SharedWriteCollector {
public:
  SharedWriteCollector(const std::vector<std::string>& LockTypes,
                       const std::vector<std::string>& LoopCallbacks, ASTContext& Ctx)
      : LockTypes(LockTypes), LoopCallbacks(LoopCallbacks), Ctx(Ctx) {}
  void collect(const Spawn& S);

  llvm::MapVector<const VarDecl*, std::vector<SharedWrite>> StaticWrites, LocalWrites;

private:
  void collectFromLambda(const LambdaExpr* L, const Spawn& S);
  void collectFromFunction(const FunctionDecl* F, const Spawn& S);
  /// The writes of a spawned body that run on its thread.
  std::vector<VariableWrite> threadWritesIn(const Stmt& Body) const;

  const std::vector<std::string>& LockTypes;
  const std::vector<std::string>& LoopCallbacks;
  ASTContext& Ctx;
};

std::vector<VariableWrite> SharedWriteCollector::threadWritesIn(const Stmt& Body) const {
  std::vector<VariableWrite> Writes = nonAtomicWritesIn(Body, Ctx);
  std::vector<const Stmt*> OnLoop = loopCallbackBodiesIn(Body, LoopCallbacks, Ctx);
  if (!OnLoop.empty())
    llvm::erase_if(Writes, [&](const VariableWrite& W) { return isBelowOneOf(W.At, OnLoop); });
  return Writes;
}

// The function a spawn runs when it is named rather than written as a lambda:
// `std::thread(worker)`, `std::thread(&Server::run, this)`, `pthread_create(&t, 0, loop, 0)`.
const FunctionDecl* startedFunction(const Expr* Callable) {
  // `std::bind(&Server::run, this)`, `std::bind(worker, 4)`.
  if (const DeclRefExpr* Bound = boundFunctionRef(Callable))
    return cast<FunctionDecl>(Bound->getDecl())->getDefinition();
  const Expr* E = stripWrappers(Callable);
  // A std::function (or other wrapper) constructed from the function, as the argument of a
  // parameter of that type: `set_method_handler("GET", handler)`.
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E); CE && CE->getNumArgs() == 1)
    E = stripWrappers(CE->getArg(0));
  E = E->IgnoreParenImpCasts();
  if (const auto* U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  const auto* DRE = dyn_cast<DeclRefExpr>(E);
  const auto* F = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
  return F ? F->getDefinition() : nullptr;
}

void SharedWriteCollector::collect(const Spawn& S) {
  for (const Expr* Arg : S.Args)
    if (const LambdaExpr* L = lambdaOf(Arg))
      collectFromLambda(L, S);
  // The first argument that names a function, which is not always the first argument
  // (restbed's `set_method_handler("GET", handler)`).
  for (const Expr* Arg : S.Args)
    if (const FunctionDecl* F = startedFunction(Arg))
      return collectFromFunction(F, S);
}

// A named function run as a thread shares what has static storage duration with every other
// thread; its own locals and parameters are its own.
void SharedWriteCollector::collectFromFunction(const FunctionDecl* F, const Spawn& S) {
  const Stmt* Body = F->getBody();
  if (!Body || Ctx.getSourceManager().isInSystemHeader(F->getLocation()))
    return;
  for (const auto& [W, V] : threadWritesIn(*Body))
    if (V->hasGlobalStorage() && V->getTLSKind() == VarDecl::TLS_None &&
        !isLockHeldAt(W, Body, LockTypes, Ctx))
      StaticWrites[V].push_back({V, W, &S, isReaderLockHeldAt(W, Body, Ctx)});
}

void SharedWriteCollector::collectFromLambda(const LambdaExpr* L, const Spawn& S) {
  for (const auto& [W, V] : threadWritesIn(*L->getBody())) {
    if (V->hasGlobalStorage()) {
      // thread_local: one per thread
      if (V->getTLSKind() == VarDecl::TLS_None && !isLockHeldAt(W, L->getBody(), LockTypes, Ctx))
        StaticWrites[V].push_back({V, W, &S, isReaderLockHeldAt(W, L->getBody(), Ctx)});
      continue;
    }
    // A local of the enclosing function, captured by reference by this lambda; locals and
    // parameters of the lambda itself, and by-value captures, belong to one thread.
    bool ByRef = false;
    for (const LambdaCapture& C : L->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V)
        ByRef = C.getCaptureKind() == LCK_ByRef;
    if (ByRef && !isLockHeldAt(W, L->getBody(), LockTypes, Ctx))
      LocalWrites[V].push_back({V, W, &S, isReaderLockHeldAt(W, L->getBody(), Ctx)});
  }
}

// Why the writes to one local race, or "" when they do not: one writer, joined before anyone
// reads, is no race.
std::string whyLocalWritesRace(const std::vector<SharedWrite>& Ws, const Stmt* Body,
                               ASTContext& Ctx) {
  llvm::SmallPtrSet<const Spawn*, 4> Writers;
  bool InLoop = false;
  for (const SharedWrite& W : Ws) {
    Writers.insert(W.By);
    InLoop = InLoop || isInLoop(W.By->Call, Body, Ctx);
  }
  if (InLoop)
    return "it is written by threads spawned in a loop";
  if (Writers.size() < 2)
    return "";
  return "it is written by " + std::to_string(Writers.size()) + " spawned threads";
}

} // namespace

UnsynchronizedSharedWriteCheck::UnsynchronizedSharedWriteCheck(StringRef Name,
                                                               ClangTidyContext* Context)
    : ClangTidyCheck(Name, Context), Profiles(Options), Spawns(Options, Profiles),
      Entries(Options, Profiles),
      RawLockTypes(Options.getLocalOrGlobal(
          "LockTypes", "::std::lock_guard;::std::unique_lock;::std::scoped_lock;"
                       // the same guards in the frameworks of the profiles
                       "::boost::lock_guard;::boost::unique_lock;::boost::scoped_lock;"
                       "::QMutexLocker;::QWriteLocker;::Poco::ScopedLock;"
                       "::Poco::ScopedLockWithUnlock")),
      LockTypes(parseQualifiedNames(RawLockTypes)) {}

void UnsynchronizedSharedWriteCheck::storeOptions(ClangTidyOptions::OptionMap& Opts) {
  Profiles.storeOptions(Options, Opts);
  Spawns.storeOptions(Options, Opts);
  Entries.storeOptions(Options, Opts);
  Options.store(Opts, "LockTypes", RawLockTypes);
}

void UnsynchronizedSharedWriteCheck::registerMatchers(MatchFinder* Finder) {
  // Whether a local is shared depends on every spawn of the function, so the unit of analysis
  // is the body of a function that contains a spawn: found from each spawn through its
  // lambda's or its locals' declaration context (no parent map, and no second walk of every
  // function body in the TU, which cost several percent on TUs that include big headers with
  // -I rather than -isystem).
  Spawns.registerSpawnMatchers(Finder, this);
  // Methods the framework calls on several threads at once (ConcurrentEntries): their bodies
  // run concurrently with themselves.
  Entries.registerMatchers(Finder, this);
}

// A handler's own locals belong to one call; what it shares with its other calls is what has
// static storage duration, and the object it runs on when the framework has only one.
void UnsynchronizedSharedWriteCheck::checkConcurrentHandler(
    const CXXMethodDecl* Handler, const std::optional<ConcurrentEntry>& Entry, ASTContext& Ctx) {
  const Stmt* Body = Handler->getBody();
  if (!Entry || !Body)
    return;
  // A handler a macro declared (oatpp's ENDPOINT): the note goes to the name as written.
  SourceLocation NoteAt = Entry->NoteAt.isValid()
                              ? Entry->NoteAt
                              : Ctx.getSourceManager().getFileLoc(Handler->getLocation());
  // Poco and Pistache give each thread its own handler object; a gRPC service or an oatpp
  // controller is one object for every thread.
  ConcurrentCode Code{Body,
                      Entry->SharedObject ? Handler->getParent() : nullptr,
                      quoted(templateFreeName(Handler)),
                      "the one object they all run on",
                      {},
                      NoteAt,
                      Entry->Note};
  checkConcurrentCode(Code, /*Globals=*/true, Ctx);
}

// What a route registration hands the framework: one callable it calls for every request, on
// several threads at once. A lambda's writes to static storage are found as the spawn's; what
// the route adds is the object its `this` points to, and the object a bound method runs on.
void UnsynchronizedSharedWriteCheck::checkRoute(const Spawn& S, ASTContext& Ctx) {
  for (const Expr* Arg : S.Args) {
    if (const LambdaExpr* L = lambdaOf(Arg)) {
      if (const CXXRecordDecl* This = classOfCapturedThis(L))
        checkConcurrentCode({L->getBody(), This, "the lambda registered with " + S.What,
                             "the object it captured as 'this', which all its calls share",
                             nestedLambdaBodies(*L->getBody(), Ctx), S.Call->getExprLoc(),
                             "it is registered here; the framework calls it for every request, "
                             "on several threads at once"},
                            /*Globals=*/false, Ctx);
      continue;
    }
    const DeclRefExpr* Ref = boundFunctionRef(Arg);
    const auto* M = Ref ? dyn_cast<CXXMethodDecl>(Ref->getDecl()) : nullptr;
    const FunctionDecl* Def = nullptr;
    if (!M || M->isStatic() || !M->hasBody(Def) || !Analyzed.insert(Def).second)
      continue;
    checkConcurrentHandler(cast<CXXMethodDecl>(Def),
                           ConcurrentEntry{"it is bound here and registered with " + S.What +
                                               ", and the framework calls it concurrently on "
                                               "the one object it is bound to",
                                           true,
                                           Ctx.getSourceManager().getFileLoc(Ref->getBeginLoc())},
                           Ctx);
  }
}

// The writes of concurrent code to static storage (with `Globals`) and to members of the object
// it shares, and those of the helpers it calls on that object (one level down: a helper's own
// calls are not followed).
void UnsynchronizedSharedWriteCheck::checkConcurrentCode(const ConcurrentCode& Code, bool Globals,
                                                         ASTContext& Ctx) {
  checkWritesIn(Code, *Code.Body, Code.Who, Globals, nullptr, Ctx);
  if (!Code.SharedThis)
    return;
  for (const HelperCall& H : helpersCalledOnThis(*Code.Body, Code.SharedThis, Code.Skip, Ctx))
    if (!isLockHeldAt(H.Call, Code.Body, LockTypes, Ctx) && H.Definition->getBody())
      checkWritesIn(Code, *H.Definition->getBody(),
                    quoted(templateFreeName(H.Definition)) + ", called by " + Code.Who + ",",
                    Globals, H.Call, Ctx);
}

void UnsynchronizedSharedWriteCheck::checkWritesIn(const ConcurrentCode& Code, const Stmt& Body,
                                                   const std::string& Who, bool Globals,
                                                   const CXXMemberCallExpr* Via, ASTContext& Ctx) {
  auto Report = [&](const Stmt* W, const std::string& Target, StringRef Why) {
    if ((!Via && isBelowOneOf(W, Code.Skip)) || isLockHeldAt(W, &Body, LockTypes, Ctx) ||
        !Reported.insert(W->getBeginLoc().getRawEncoding()).second)
      return;
    diag(operatorLoc(W), "unsynchronized write to %0 in a request handler: %1 runs on several "
                         "threads at once and %2; %3")
        << Target << Who << Why << cureFor(isReaderLockHeldAt(W, &Body, Ctx));
    if (Via)
      diag(Via->getExprLoc(), "it is called here", DiagnosticIDs::Note);
    diag(Code.NoteAt, Code.Note, DiagnosticIDs::Note);
  };
  if (Globals)
    for (const auto& [W, V] : nonAtomicWritesIn(Body, Ctx))
      if (V->hasGlobalStorage() && V->getTLSKind() == VarDecl::TLS_None)
        Report(W, quoted(V->getName()), quoted(V->getName()) + " has static storage duration");
  if (Code.SharedThis)
    for (const auto& [W, F] : nonAtomicMemberWritesIn(Body, Code.SharedThis, Ctx))
      Report(W, "member " + quoted(F->getName()),
             quoted(F->getName()) + " is a member of " + Code.Object);
}

// A lambda assigned into a handler table (Simple-Web-Server's server.resource): its writes to
// static storage race with its other calls. Lambdas nested in it run when and where whatever
// they are handed to runs them (the threads it starts are checked as spawns).
void UnsynchronizedSharedWriteCheck::checkTableHandler(const CXXOperatorCallExpr* Assign,
                                                       ASTContext& Ctx) {
  std::optional<TableHandler> H = Entries.describeTableAssignment(Assign, Ctx);
  if (!H)
    return;
  const Stmt* Body = H->Handler->getBody();
  std::vector<const Stmt*> Nested;
  for (const auto& N : match(findAll(lambdaExpr().bind("l")), *Body, Ctx))
    Nested.push_back(N.getNodeAs<LambdaExpr>("l")->getBody());
  for (const auto& [W, V] : nonAtomicWritesIn(*Body, Ctx)) {
    if (!V->hasGlobalStorage() || V->getTLSKind() != VarDecl::TLS_None || isBelowOneOf(W, Nested) ||
        isLockHeldAt(W, Body, LockTypes, Ctx) ||
        !Reported.insert(W->getBeginLoc().getRawEncoding()).second)
      continue;
    diag(operatorLoc(W), "unsynchronized write to %0 in a request handler: the handler assigned "
                         "into '%1' runs on several threads at once and %0 has static storage "
                         "duration; %2")
        << V << H->Table << cureFor(isReaderLockHeldAt(W, Body, Ctx));
    diag(Assign->getOperatorLoc(), "it is assigned into '%0' here", DiagnosticIDs::Note)
        << H->Table;
    if (H->ThreadsSet)
      diag(H->ThreadsSet->getBeginLoc(), "the handlers run on several threads: set here",
           DiagnosticIDs::Note);
  }
}

void UnsynchronizedSharedWriteCheck::check(const MatchFinder::MatchResult& Result) {
  if (const auto* Handler = Result.Nodes.getNodeAs<CXXMethodDecl>("handler"))
    return checkConcurrentHandler(Handler, Entries.describe(Handler, *Result.Context),
                                  *Result.Context);
  // A method registered twice (two paths) is checked once, with its first registration.
  std::vector<RegisteredMethod> Registered;
  // Both kinds come from one matcher; each describe tests the callee's name against its rules.
  if (const auto* Registration = Result.Nodes.getNodeAs<CallExpr>("registration")) {
    Registered = Entries.describeRegistration(Registration, *Result.Context);
    if (const auto* OnObject = dyn_cast<CXXMemberCallExpr>(Registration))
      for (RegisteredMethod& R : Entries.describeObjectRegistration(OnObject, *Result.Context))
        Registered.push_back(std::move(R));
  }
  for (const RegisteredMethod& R : Registered)
    if (Analyzed.insert(R.Method).second)
      checkConcurrentHandler(R.Method, R.Entry, *Result.Context);
  if (!Registered.empty())
    return;
  if (const auto* Assign = Result.Nodes.getNodeAs<CXXOperatorCallExpr>("table-assign"))
    return checkTableHandler(Assign, *Result.Context);
  const auto* Spawned = Result.Nodes.getNodeAs<Expr>("spawn");
  std::optional<Spawn> S = Spawned ? Spawns.describe(Spawned, *Result.Context) : std::nullopt;
  const FunctionDecl* FD = S ? functionAround(S->Call, S->Args, *Result.Context) : nullptr;
  if (FD && Analyzed.insert(FD->getBody()).second)
    checkSpawningBody(FD->getBody(), *Result.Context);
  // A route registered in a constructor through members alone (`listener_.support(GET,
  // std::bind(&C::get, this, _1))`) names no local that leads to its function; what the route
  // shares does not depend on the other spawns of that function.
  else if (S && !FD && S->Route)
    checkRoute(*S, *Result.Context);
}

void UnsynchronizedSharedWriteCheck::checkSpawningBody(const Stmt* Body, ASTContext& Ctx) {
  std::vector<Spawn> SpawnsInBody;
  for (const auto& N : match(findAll(Spawns.anySpawn()), *Body, Ctx))
    if (std::optional<Spawn> S = Spawns.describe(N.getNodeAs<Expr>("spawn"), Ctx))
      SpawnsInBody.push_back(std::move(*S));

  std::vector<std::string> LoopCallbacks;
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::LoopCallback, Ctx))
    LoopCallbacks.push_back(N->Name);
  SharedWriteCollector Collector(LockTypes, LoopCallbacks, Ctx);
  for (const Spawn& S : SpawnsInBody)
    Collector.collect(S);
  // First, so that a bound method's writes are reported as a request handler's.
  for (const Spawn& S : SpawnsInBody)
    if (S.Route)
      checkRoute(S, Ctx);
  for (const auto& [V, Ws] : Collector.StaticWrites)
    for (const SharedWrite& W : Ws)
      emitDiagnostic(W, "it has static storage duration, so every thread shares it");
  for (const auto& [V, Ws] : Collector.LocalWrites)
    if (std::string Why = whyLocalWritesRace(Ws, Body, Ctx); !Why.empty())
      for (const SharedWrite& W : Ws)
        emitDiagnostic(W, Why);
}

void UnsynchronizedSharedWriteCheck::emitDiagnostic(const SharedWrite& W, StringRef Why) {
  if (!Reported.insert(W.At->getBeginLoc().getRawEncoding()).second)
    return;
  diag(operatorLoc(W.At), "unsynchronized write to %0 in a spawned thread: %1; %2")
      << W.Var << Why << cureFor(W.UnderReaderLock);
  diag(W.By->Call->getExprLoc(), "the thread is started here", DiagnosticIDs::Note);
}

} // namespace clang::tidy::racelab
