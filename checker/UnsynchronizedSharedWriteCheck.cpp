//===--- UnsynchronizedSharedWriteCheck.cpp - racelab ------------------*- C++ -*-===//
#include "UnsynchronizedSharedWriteCheck.h"

#include "AstUtils.h"

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

// The variable a write lands in: `x`, or `s` for `s.count` (a member of a struct variable).
// Element writes (`v[i]`, `a[i]`), writes through pointers and members of `this` have none.
const VarDecl* writtenVariable(const Expr* Target) {
  const Expr* E = Target->IgnoreParenImpCasts();
  while (const auto* ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow())
      return nullptr;
    E = ME->getBase()->IgnoreParenImpCasts();
  }
  const auto* DRE = dyn_cast<DeclRefExpr>(E);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

// The expression a write assigns to, or nullptr when `W` is no write.
const Expr* writeTarget(const Stmt* W) {
  if (const auto* U = dyn_cast<UnaryOperator>(W))
    return U->isIncrementDecrementOp() ? U->getSubExpr() : nullptr;
  if (const auto* B = dyn_cast<BinaryOperator>(W))
    return B->isAssignmentOp() ? B->getLHS() : nullptr;
  if (const auto* Op = dyn_cast<CXXOperatorCallExpr>(W)) {
    OverloadedOperatorKind K = Op->getOperator();
    if ((Op->isAssignmentOp() || K == OO_PlusPlus || K == OO_MinusMinus) && Op->getNumArgs() >= 1)
      return Op->getArg(0);
  }
  return nullptr;
}

// The operator of a write: where its diagnostic points.
SourceLocation operatorLoc(const Stmt* W) {
  if (const auto* U = dyn_cast<UnaryOperator>(W))
    return U->getOperatorLoc();
  if (const auto* B = dyn_cast<BinaryOperator>(W))
    return B->getOperatorLoc();
  if (const auto* Op = dyn_cast<CXXOperatorCallExpr>(W))
    return Op->getOperatorLoc();
  return W->getBeginLoc();
}

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

bool constructedWithDeferLock(const VarDecl* V) {
  const auto* CE =
      dyn_cast_or_null<CXXConstructExpr>(V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr);
  if (!CE)
    return false;
  for (const Expr* A : CE->arguments()) {
    std::string T = A->getType().getUnqualifiedType().getAsString();
    if (StringRef(T).contains("defer_lock_t") || StringRef(T).contains("try_to_lock_t"))
      return true;
  }
  return false;
}

// Whether the statements of `Block` before `Until` leave a lock held: a guard of one of
// `LockTypes` declared there (and not deferred), or an explicit lock() not yet unlock()ed.
bool blockHoldsLockBefore(const CompoundStmt* Block, const Stmt* Until,
                          const std::vector<std::string>& LockTypes, ASTContext& Ctx) {
  bool Locked = false;
  for (const Stmt* Sibling : Block->body()) {
    if (Sibling == Until)
      break;
    if (const auto* DS = dyn_cast<DeclStmt>(Sibling)) {
      for (const Decl* D : DS->decls())
        if (const auto* V = dyn_cast<VarDecl>(D);
            V && isOneOfClasses(V->getType(), LockTypes, Ctx) && !constructedWithDeferLock(V))
          Locked = true;
      continue;
    }
    StringRef Called = calledMethodName(dyn_cast<CXXMemberCallExpr>(Sibling->IgnoreContainers()));
    if (Called == "lock")
      Locked = true;
    else if (Called == "unlock")
      Locked = false;
  }
  return Locked;
}

// Whether a lock is held at the write `W` inside the callable `Body`: some block on the way
// down to it holds one before the statement that leads to the write.
bool isLockHeldAt(const Stmt* W, const Stmt* Body, const std::vector<std::string>& LockTypes,
                  ASTContext& Ctx) {
  llvm::SmallVector<const Stmt*, 16> Path;
  if (!pathTo(Body, W, Path))
    return false;
  for (size_t I = 0; I + 1 < Path.size(); ++I)
    if (const auto* Block = dyn_cast<CompoundStmt>(Path[I]);
        Block && blockHoldsLockBefore(Block, Path[I + 1], LockTypes, Ctx))
      return true;
  return false;
}

// Shared locks: held by many readers at once, so a write under one races with the others.
bool isReaderLockHeldAt(const Stmt* W, const Stmt* Body, ASTContext& Ctx) {
  static const std::vector<std::string> ReaderLocks = {"::std::shared_lock", "::boost::shared_lock",
                                                       "::QReadLocker", "::Poco::ScopedReadRWLock"};
  return isLockHeldAt(W, Body, ReaderLocks, Ctx);
}

// The end of a diagnostic: what to do about the write.
const char* cureFor(bool UnderReaderLock) {
  return UnderReaderLock
             ? "the lock held is a reader's (shared) lock, which other threads hold "
               "at the same time; write under an exclusive lock (e.g. "
               "std::unique_lock of the shared mutex)"
             : "make it std::atomic or hold a lock (e.g. std::lock_guard) while writing";
}

bool isAtomic(QualType T, ASTContext& Ctx) {
  // std's, and the atomics of the frameworks the profiles know.
  return isOneOfClasses(T,
                        {"::std::atomic", "::std::atomic_ref", "::boost::atomic",
                         "::QAtomicInteger", "::QAtomicPointer", "::Poco::AtomicCounter"},
                        Ctx);
}

// A write in Body (assignment, compound assignment, ++/--) to a named variable that is not
// atomic: the candidates both kinds of concurrent code are checked for.
struct VariableWrite {
  const Stmt* At;
  const VarDecl* Var;
};
std::vector<VariableWrite> nonAtomicWritesIn(const Stmt& Body, ASTContext& Ctx) {
  std::vector<VariableWrite> Found;
  auto Writes = match(
      findAll(stmt(anyOf(unaryOperator(), binaryOperator(), cxxOperatorCallExpr())).bind("w")),
      Body, Ctx);
  for (const auto& N : Writes) {
    const auto* W = N.getNodeAs<Stmt>("w");
    const Expr* Target = writeTarget(W);
    const VarDecl* V = Target ? writtenVariable(Target) : nullptr;
    if (V && !isAtomic(Target->getType(), Ctx) && !isAtomic(V->getType(), Ctx))
      Found.push_back({W, V});
  }
  return Found;
}

// The member of `*this` a write lands in: `count_`, `this->count_`, `stats_.hits` (a member of a
// member); nullptr for anything else.
const FieldDecl* writtenMemberOfThis(const Expr* Target) {
  const FieldDecl* Outermost = nullptr;
  const Expr* E = Target->IgnoreParenImpCasts();
  while (const auto* ME = dyn_cast<MemberExpr>(E)) {
    Outermost = dyn_cast<FieldDecl>(ME->getMemberDecl());
    E = ME->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E))
      return Outermost;
    if (ME->isArrow())
      return nullptr;
  }
  return nullptr;
}

// Writes in Body to members of the object the method runs on (of class `Owner`: not those of a
// local class's methods) that are not atomic.
struct MemberWrite {
  const Stmt* At;
  const FieldDecl* Field;
};
std::vector<MemberWrite> nonAtomicMemberWritesIn(const Stmt& Body, const CXXRecordDecl* Owner,
                                                 ASTContext& Ctx) {
  std::vector<MemberWrite> Found;
  auto Writes = match(
      findAll(stmt(anyOf(unaryOperator(), binaryOperator(), cxxOperatorCallExpr())).bind("w")),
      Body, Ctx);
  for (const auto& N : Writes) {
    const auto* W = N.getNodeAs<Stmt>("w");
    const Expr* Target = writeTarget(W);
    const FieldDecl* F = Target ? writtenMemberOfThis(Target) : nullptr;
    const auto* Of = F ? dyn_cast<CXXRecordDecl>(F->getParent()) : nullptr;
    if (Of && (Of == Owner || Owner->isDerivedFrom(Of)) && !isAtomic(Target->getType(), Ctx) &&
        !isAtomic(F->getType(), Ctx))
      Found.push_back({W, F});
  }
  return Found;
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

bool isBelowOneOf(const Stmt* S, const std::vector<const Stmt*>& Roots) {
  llvm::SmallVector<const Stmt*, 16> Path;
  for (const Stmt* R : Roots)
    if (Path.clear(), pathTo(R, S, Path))
      return true;
  return false;
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
  auto Report = [&](const Stmt* W, const std::string& Target, StringRef Why) {
    if (isLockHeldAt(W, Body, LockTypes, Ctx) ||
        !Reported.insert(W->getBeginLoc().getRawEncoding()).second)
      return;
    diag(operatorLoc(W), "unsynchronized write to %0 in a request handler: %1 runs on several "
                         "threads at once and %2; %3")
        << Target << ("'" + templateFreeName(Handler) + "'") << Why
        << cureFor(isReaderLockHeldAt(W, Body, Ctx));
    // A handler a macro declared (oatpp's ENDPOINT): the note goes to the name as written.
    diag(Entry->NoteAt.isValid() ? Entry->NoteAt
                                 : Ctx.getSourceManager().getFileLoc(Handler->getLocation()),
         Entry->Note, DiagnosticIDs::Note);
  };
  for (const auto& [W, V] : nonAtomicWritesIn(*Body, Ctx))
    if (V->hasGlobalStorage() && V->getTLSKind() == VarDecl::TLS_None)
      Report(W, "'" + V->getNameAsString() + "'",
             "'" + V->getNameAsString() + "' has static storage duration");
  // Poco and Pistache give each thread its own handler object; a gRPC service or an oatpp
  // controller is one object for every thread.
  if (Entry->SharedObject)
    for (const auto& [W, F] : nonAtomicMemberWritesIn(*Body, Handler->getParent(), Ctx))
      Report(W, "member '" + F->getNameAsString() + "'",
             "'" + F->getNameAsString() + "' is a member of the one object they all run on");
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
