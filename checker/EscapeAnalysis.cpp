//===--- EscapeAnalysis.cpp - racelab ----------------------------------*- C++ -*-===//
#include "EscapeAnalysis.h"

#include "AstUtils.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

/// What a member call does to the thread or future it is called on.
enum class OwnerCall { NotACall, Join, Detach, Wait, Other };

struct MemberCall {
  OwnerCall Kind = OwnerCall::NotACall;
  const CXXMemberCallExpr* Call = nullptr;
};

/// The first node above an expression that does something with its value, and the child
/// through which it was reached.
struct FirstUse {
  DynTypedNode Parent;
  const Stmt* Child;
};

// Walks up through nodes that only carry the value (casts, temporaries, copies: "return t;"
// moves implicitly, and a moved thread is still the thread).
FirstUse firstUse(const Stmt* E, const StmtParents& Parents) {
  const Stmt* Cur = E;
  while (true) {
    DynTypedNode Parent = Parents.parentOf(Cur);
    const auto* PE = Parent.get<Expr>();
    // (A co_await's operand sits under an OpaqueValueExpr in a statement's parent map.)
    if (PE && (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                   ExprWithCleanups, ParenExpr, CXXFunctionalCastExpr, OpaqueValueExpr>(PE) ||
               isCopyOrMoveConstruction(PE))) {
      Cur = PE;
      continue;
    }
    return {Parent, Cur};
  }
}

// `P` as the object of a member call (`t.join()`: P is the MemberExpr `t.join`).
MemberCall memberCallOn(const DynTypedNode& P, const StmtParents& Parents) {
  const auto* ME = P.get<MemberExpr>();
  if (!ME)
    return {};
  const auto* MC = Parents.parentOf(ME).get<CXXMemberCallExpr>();
  StringRef Name = calledMethodName(MC);
  if (Name.empty())
    return {};
  OwnerCall Kind = Name == "join"     ? OwnerCall::Join
                   : Name == "detach" ? OwnerCall::Detach
                   : Name == "get" || Name == "wait" || Name == "result" ||
                           Name == "waitForFinished" || Name == "waitForDone"
                       ? OwnerCall::Wait
                       : OwnerCall::Other;
  return {Kind, MC};
}

/// What a function does with one local variable that owns a thread or a future.
struct OwnerUses {
  const Expr* Joined = nullptr;
  const Expr* Detached = nullptr;
  const Expr* Waited = nullptr;
  const Expr* Moved = nullptr;
  const Stmt* Returned = nullptr;
};

OwnerUses usesOf(const VarDecl* V, const Stmt* Body, const StmtParents& Parents, ASTContext& Ctx) {
  OwnerUses U;
  auto Refs = match(findAll(declRefExpr(to(varDecl(equalsNode(V)))).bind("ref")), *Body, Ctx);
  for (const auto& N : Refs) {
    FirstUse Use = firstUse(N.getNodeAs<DeclRefExpr>("ref"), Parents);
    MemberCall M = memberCallOn(Use.Parent, Parents);
    if (M.Kind == OwnerCall::Join)
      U.Joined = M.Call;
    else if (M.Kind == OwnerCall::Detach)
      U.Detached = M.Call;
    else if (M.Kind == OwnerCall::Wait)
      U.Waited = M.Call;
    else if (M.Kind != OwnerCall::NotACall)
      continue;
    else if (const auto* C = Use.Parent.get<CallExpr>(); isStdMoveOrForward(C))
      U.Moved = C;
    else if (const auto* R = Use.Parent.get<ReturnStmt>())
      U.Returned = R;
  }
  return U;
}

bool isContainerInsertion(const CXXMemberCallExpr* MC) {
  StringRef Name = calledMethodName(MC);
  return !Name.empty() &&
         StringRef("push_back emplace_back push_front emplace_front insert emplace").contains(Name);
}

/// The body of the function around a spawn, whose statements alone get a parent map; nullptr
/// (the ASTContext's map) when it cannot be told without one.
const Stmt* bodyAround(const Spawn& S, ASTContext& Ctx) {
  const FunctionDecl* FD = functionAround(S.Call, S.Args, Ctx);
  return FD ? FD->getBody() : nullptr;
}

/// Follows one spawn to the place where its thread ends or escapes. The questions are asked
/// of the thread's owner: a temporary, a local variable, a container, a pthread id.
class EscapeFinder {
public:
  EscapeFinder(const Spawn& S, ASTContext& Ctx)
      : S(S), Ctx(Ctx), Parents(bodyAround(S, Ctx), Ctx), Body(Parents.enclosingBody(S.Call)),
        Thread(S.Kind == SpawnKind::JThread || S.What == "std::jthread" ? "std::jthread"
                                                                        : "std::thread") {}
  Escape find();

private:
  static Escape escapes(std::string Into, SourceLocation At, std::string Note) {
    return {true, std::move(Into), At, std::move(Note)};
  }
  bool isAsync() const { return S.Kind == SpawnKind::Async; }
  Escape returned(SourceLocation At) const {
    Escape E = escapes(isAsync() ? "a std::async whose future is returned" : "a returned " + S.What,
                       At, "it is returned here");
    E.Returned = true;
    return E;
  }
  Escape unfollowed() const { return {true, "a " + S.What, SourceLocation(), ""}; }

  Escape ofTask();
  bool isCoAwaited(const Expr* Call) const;
  Escape ofPThread();
  Escape ofThreadObject();
  Escape ofMemberCall(const MemberCall& M);
  Escape ofAssignment(const CXXOperatorCallExpr* Op);
  Escape ofOwnerVariable(const VarDecl* V);
  Escape ofOwnerVariableUses(const VarDecl* V);
  Escape ofContainer(const Expr* Container);
  Escape ofLocalContainer(const VarDecl* V);
  llvm::SmallVector<const VarDecl*, 4> elementsOf(const VarDecl* Container);
  MemberCall lastCallOn(llvm::ArrayRef<const VarDecl*> Owners, OwnerCall Kind);
  Escape ofDiscardedTemporary();

  const Spawn& S;
  ASTContext& Ctx;
  const StmtParents Parents; // of the function around the spawn
  const Stmt* Body;
  const std::string Thread; // "std::thread" or "std::jthread", for threads in containers
};

Escape EscapeFinder::find() {
  switch (S.Kind) {
  case SpawnKind::Custom:
    return ofTask();
  case SpawnKind::Emplace:
    return Body ? ofContainer(cast<CXXMemberCallExpr>(S.Call)->getImplicitObjectArgument())
                : unfollowed();
  case SpawnKind::PThreadCreate:
    return ofPThread();
  case SpawnKind::StdThread:
  case SpawnKind::JThread:
  case SpawnKind::Async:
    return ofThreadObject();
  }
  return unfollowed();
}

// A task of a pool, a continuation, a callback API: it runs later unless its result is waited
// on before the function returns, in the same full-expression (`pool.submit(f).get()`,
// `co_await pool.run(f)`) or through a local that is waited on and does not leave.
// `co_await spawn(...)`: the task's result is an operand of a co_await in the same
// full-expression (through the awaiter's temporaries and the await_resume call on it).
bool EscapeFinder::isCoAwaited(const Expr* Call) const {
  DynTypedNode N = DynTypedNode::create(*Call);
  for (int Depth = 0; Depth < 12; ++Depth) {
    const auto* E = N.get<Expr>();
    if (!E)
      return false;
    if (isa<CoawaitExpr, DependentCoawaitExpr>(E))
      return true;
    N = Parents.parentOf(E);
  }
  return false;
}

Escape EscapeFinder::ofTask() {
  Escape HandedOver =
      escapes("a task started by " + S.What, S.Call->getExprLoc(), "the task is handed over here");
  // `t.start(f); ... t.join();`, `pool.detach_task(f); ... pool.wait();`: the task's owner is a
  // local that is joined or waited on and does not leave.
  if (const auto* MC = dyn_cast<CXXMemberCallExpr>(S.Call); MC && Body) {
    const auto* Ref = dyn_cast<DeclRefExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
    const auto* Owner = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (Owner && Owner->hasLocalStorage() && !Owner->getType()->isReferenceType()) {
      OwnerUses U = usesOf(Owner, Body, Parents, Ctx);
      if ((U.Joined || U.Waited) && !U.Detached && !U.Moved && !U.Returned)
        return {};
    }
  }
  if (S.Call->getType()->isVoidType())
    return HandedOver;
  FirstUse Use = firstUse(S.Call, Parents);
  if (memberCallOn(Use.Parent, Parents).Kind == OwnerCall::Wait || isCoAwaited(S.Call))
    return {};
  if (const auto* V = Use.Parent.get<VarDecl>(); V && V->hasLocalStorage() && Body) {
    OwnerUses U = usesOf(V, Body, Parents, Ctx);
    if (U.Waited && !U.Detached && !U.Moved && !U.Returned)
      return {};
  }
  return HandedOver;
}

Escape EscapeFinder::ofPThread() {
  const auto* C = cast<CallExpr>(S.Call);
  const auto* Addr =
      C->getNumArgs() ? dyn_cast<UnaryOperator>(C->getArg(0)->IgnoreParenImpCasts()) : nullptr;
  const auto* DRE = Addr && Addr->getOpcode() == UO_AddrOf
                        ? dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParenImpCasts())
                        : nullptr;
  const auto* Tid = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  auto CallOnTid = [&](StringRef Fn) -> const Expr* {
    if (!Tid || !Body)
      return nullptr;
    auto M = match(findAll(callExpr(callee(functionDecl(hasName(Fn))),
                                    hasArgument(0, ignoringParenImpCasts(
                                                       declRefExpr(to(varDecl(equalsNode(Tid)))))))
                               .bind("c")),
                   *Body, Ctx);
    return M.empty() ? nullptr : M[0].getNodeAs<Expr>("c");
  };
  if (const Expr* Detached = CallOnTid("::pthread_detach"))
    return escapes("a detached pthread", Detached->getExprLoc(), "the thread is detached here");
  if (!Tid || !Tid->hasLocalStorage() || !CallOnTid("::pthread_join"))
    return escapes("a pthread that is not joined in this function", S.Call->getExprLoc(),
                   "the thread is started here and not joined in this function");
  return {};
}

// A std::thread, std::jthread or std::async future: what is done with the object decides.
Escape EscapeFinder::ofThreadObject() {
  FirstUse Use = firstUse(S.Call, Parents);
  const DynTypedNode& P = Use.Parent;
  if (const auto* V = P.get<VarDecl>())
    return Body ? ofOwnerVariable(V) : unfollowed();
  if (MemberCall M = memberCallOn(P, Parents); M.Kind != OwnerCall::NotACall)
    return ofMemberCall(M);
  if (P.get<ReturnStmt>())
    return returned(S.Call->getBeginLoc());
  if (const auto* Init = P.get<CXXCtorInitializer>())
    return escapes("a " + S.What + " stored in a member", Init->getSourceLocation(),
                   "it is stored here");
  if (const auto* Op = P.get<CXXOperatorCallExpr>();
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
      Op->getArg(1)->IgnoreImplicit() == cast<Expr>(Use.Child)->IgnoreImplicit())
    return ofAssignment(Op);
  if (const auto* MC = P.get<CXXMemberCallExpr>(); isContainerInsertion(MC) && !isAsync())
    return Body ? ofContainer(MC->getImplicitObjectArgument()) : unfollowed();
  if (const auto* Fn = P.get<CallExpr>()) {
    const FunctionDecl* FD = Fn->getDirectCallee();
    return escapes(
        "a " + S.What + " handed to " +
            (FD && FD->getIdentifier() ? "'" + FD->getNameAsString() + "'" : "another function"),
        Fn->getExprLoc(), "it is handed over here");
  }
  if (const auto* PS = P.get<Stmt>(); PS && !isa<Expr>(PS))
    return ofDiscardedTemporary();
  // `(void)std::async(...);`, the spelling that silences C++20's [[nodiscard]]: still a
  // temporary discarded at the end of the statement.
  if (const auto* Cast = P.get<ExplicitCastExpr>(); Cast && Cast->getType()->isVoidType()) {
    const auto* Above = firstUse(Cast, Parents).Parent.get<Stmt>();
    if (Above && !isa<Expr>(Above))
      return ofDiscardedTemporary();
  }
  return escapes("a " + S.What + " that the check cannot follow", S.Call->getExprLoc(),
                 "the thread is started here");
}

// join(), get() and wait() on the temporary end the thread before the statement does.
Escape EscapeFinder::ofMemberCall(const MemberCall& M) {
  if (M.Kind == OwnerCall::Detach)
    return escapes("a detached " + S.What, M.Call->getExprLoc(), "the thread is detached here");
  return {};
}

// A discarded temporary: a jthread joins, an async future blocks, both before the statement
// ends; a discarded std::thread calls std::terminate.
Escape EscapeFinder::ofDiscardedTemporary() {
  if (S.Kind != SpawnKind::StdThread)
    return {};
  return escapes("a std::thread that is never joined", S.Call->getExprLoc(),
                 "the thread object is destroyed at the end of this statement without a join");
}

// `owner = std::thread(...)`: a local owner is followed; anything else outlives the function.
Escape EscapeFinder::ofAssignment(const CXXOperatorCallExpr* Op) {
  const Expr* L = Op->getArg(0)->IgnoreParenImpCasts();
  const auto* LV =
      isa<DeclRefExpr>(L) ? dyn_cast<VarDecl>(cast<DeclRefExpr>(L)->getDecl()) : nullptr;
  if (LV && LV->hasLocalStorage() && Body)
    return ofOwnerVariable(LV);
  std::string Where =
      isa<MemberExpr>(L)
          ? "member '" + cast<MemberExpr>(L)->getMemberDecl()->getNameAsString() + "'"
      : LV ? "'" + LV->getNameAsString() + "', which outlives the function"
           : "an object that outlives the function";
  return escapes(
      (isAsync() ? "a std::async whose future is stored in " : "a " + S.What + " stored in ") +
          Where,
      Op->getExprLoc(), "it is stored here");
}

Escape EscapeFinder::ofOwnerVariable(const VarDecl* V) {
  if (V->hasLocalStorage())
    return ofOwnerVariableUses(V);
  return escapes(
      (isAsync() ? "a std::async whose future is stored in '" : "a " + S.What + " stored in '") +
          V->getNameAsString() + "', which outlives the function",
      S.Call->getExprLoc(), "it is stored here");
}

Escape EscapeFinder::ofOwnerVariableUses(const VarDecl* V) {
  OwnerUses U = usesOf(V, Body, Parents, Ctx);
  if (U.Detached)
    return escapes("a detached " + S.What, U.Detached->getExprLoc(), "the thread is detached here");
  if (U.Moved)
    return escapes(isAsync() ? "a std::async whose future is moved away"
                             : "a " + S.What + " that is moved away",
                   U.Moved->getExprLoc(),
                   isAsync() ? "the future is moved here" : "the thread is moved here");
  if (U.Returned)
    return returned(U.Returned->getBeginLoc());
  if (S.Kind == SpawnKind::StdThread && !U.Joined)
    return escapes("a std::thread that is never joined", V->getLocation(),
                   "the thread is never joined in this function");
  if (isAsync() && !U.Waited)
    return escapes("a std::async whose future is not waited on", V->getLocation(),
                   "the future is not waited on (get() or wait()) in this function");
  return {};
}

// The threads of a container that is a local of the function end before it returns unless
// one is detached or the container leaves (moved, returned).
Escape EscapeFinder::ofContainer(const Expr* Container) {
  Container = Container->IgnoreParenImpCasts();
  if (const auto* ME = dyn_cast<MemberExpr>(Container))
    return escapes("a " + Thread + " stored in member '" + ME->getMemberDecl()->getNameAsString() +
                       "'",
                   S.Call->getExprLoc(), "the thread is stored here");
  const auto* DRE = dyn_cast<DeclRefExpr>(Container);
  const auto* V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V)
    return escapes("a " + Thread + " stored in a container the check cannot follow",
                   S.Call->getExprLoc(), "the thread is stored here");
  if (!V->hasLocalStorage())
    return escapes("a " + Thread + " stored in '" + V->getNameAsString() +
                       "', which outlives the function",
                   S.Call->getExprLoc(), "the thread is stored here");
  return ofLocalContainer(V);
}

Escape EscapeFinder::ofLocalContainer(const VarDecl* V) {
  llvm::SmallVector<const VarDecl*, 4> Owners = elementsOf(V);
  Owners.push_back(V);
  MemberCall Detached = lastCallOn(Owners, OwnerCall::Detach);
  if (Detached.Call)
    return escapes("a detached " + Thread, Detached.Call->getExprLoc(),
                   "the thread is detached here");
  OwnerUses U = usesOf(V, Body, Parents, Ctx);
  if (U.Moved || U.Returned)
    return escapes("a " + Thread + " whose container '" + V->getNameAsString() +
                       "' leaves the function",
                   U.Moved ? U.Moved->getExprLoc() : U.Returned->getBeginLoc(),
                   U.Moved ? "the container is moved here" : "the container is returned here");
  if (Thread == "std::thread" && !lastCallOn(Owners, OwnerCall::Join).Call)
    return escapes("a std::thread that is never joined", V->getLocation(),
                   "no element of this container is joined in this function");
  return {};
}

// Variables that name elements of the container: range-for variables over it, and locals
// initialised from an expression that mentions it ("auto& t = pool.back();").
llvm::SmallVector<const VarDecl*, 4> EscapeFinder::elementsOf(const VarDecl* Container) {
  llvm::SmallVector<const VarDecl*, 4> Elements;
  for (const auto& N : match(findAll(cxxForRangeStmt().bind("for")), *Body, Ctx)) {
    const auto* For = N.getNodeAs<CXXForRangeStmt>("for");
    if (mentions(For->getRangeInit(), Container, Ctx))
      Elements.push_back(For->getLoopVariable());
  }
  for (const auto& N :
       match(findAll(varDecl(hasInitializer(expr().bind("init"))).bind("v")), *Body, Ctx)) {
    const auto* Local = N.getNodeAs<VarDecl>("v");
    if (Local != Container && mentions(N.getNodeAs<Expr>("init"), Container, Ctx))
      Elements.push_back(Local);
  }
  return Elements;
}

// The last join() or detach() (as `Kind` says) called on one of `Owners` (a container and the
// variables naming its elements).
MemberCall EscapeFinder::lastCallOn(llvm::ArrayRef<const VarDecl*> Owners, OwnerCall Kind) {
  StringRef Name = Kind == OwnerCall::Join ? "join" : "detach";
  MemberCall Last;
  for (const auto& N :
       match(findAll(cxxMemberCallExpr(callee(cxxMethodDecl(hasName(Name)))).bind("call")), *Body,
             Ctx)) {
    const auto* Call = N.getNodeAs<CXXMemberCallExpr>("call");
    const Expr* Obj = Call->getImplicitObjectArgument();
    for (const VarDecl* Owner : Owners)
      if (mentions(Obj, Owner, Ctx))
        Last = {Kind, Call};
  }
  return Last;
}

} // namespace

Escape analyzeEscape(const Spawn& S, ASTContext& Ctx) {
  return EscapeFinder(S, Ctx).find();
}

} // namespace clang::tidy::racelab
