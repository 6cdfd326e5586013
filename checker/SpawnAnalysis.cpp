//===--- SpawnAnalysis.cpp - racelab -----------------------------------*- C++ -*-===//
#include "SpawnAnalysis.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

std::string qualifiedName(const NamedDecl* D) {
  return "::" + D->getQualifiedNameAsString();
}

bool isCallTo(const CallExpr* C, StringRef Name) {
  const FunctionDecl* FD = C ? C->getDirectCallee() : nullptr;
  return FD && FD->getIdentifier() && qualifiedName(FD) == Name;
}

bool isStdMoveOrForward(const CallExpr* C) {
  return C && C->getNumArgs() == 1 && (isCallTo(C, "::std::move") || isCallTo(C, "::std::forward"));
}

// Walks up from `E` through nodes that only carry its value (casts, temporaries, elidable
// copies) and returns the first parent that does something with it, and the child it did it to.
std::pair<DynTypedNode, const Stmt*> firstUse(const Stmt* E, ASTContext& Ctx) {
  const Stmt* Cur = E;
  while (true) {
    auto Parents = Ctx.getParents(*Cur);
    if (Parents.empty())
      return {DynTypedNode(), Cur};
    const DynTypedNode& P = Parents[0];
    if (const auto* PE = P.get<Expr>()) {
      if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups,
              ParenExpr, CXXFunctionalCastExpr>(PE)) {
        Cur = PE;
        continue;
      }
      // A copy or move of the object is still the object ("return t;" moves implicitly).
      if (const auto* CE = dyn_cast<CXXConstructExpr>(PE);
          CE && CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor()) {
        Cur = PE;
        continue;
      }
    }
    return {P, Cur};
  }
}

const char* memberCallName(const DynTypedNode& P, ASTContext& Ctx, const Expr** Call) {
  const auto* ME = P.get<MemberExpr>();
  if (!ME)
    return nullptr;
  auto Up = Ctx.getParents(*ME);
  const auto* MC = Up.empty() ? nullptr : Up[0].get<CXXMemberCallExpr>();
  if (!MC || !MC->getMethodDecl() || !MC->getMethodDecl()->getIdentifier())
    return nullptr;
  *Call = MC;
  StringRef N = MC->getMethodDecl()->getName();
  for (const char* Known : {"join", "detach", "get", "wait"})
    if (N == Known)
      return Known;
  return "";
}

// What a function does with one local variable that owns a thread or a future.
struct VarUses {
  const Expr* Joined = nullptr;
  const Expr* Detached = nullptr;
  const Expr* Waited = nullptr;
  const Expr* Moved = nullptr;
  const Stmt* Returned = nullptr;
};

VarUses usesOf(const VarDecl* V, const Stmt* Body, ASTContext& Ctx) {
  VarUses U;
  if (!Body)
    return U;
  auto Refs = match(findAll(declRefExpr(to(varDecl(equalsNode(V)))).bind("ref")), *Body, Ctx);
  for (const auto& N : Refs) {
    const auto* Ref = N.getNodeAs<DeclRefExpr>("ref");
    auto [P, Child] = firstUse(Ref, Ctx);
    const Expr* Call = nullptr;
    if (const char* Name = memberCallName(P, Ctx, &Call)) {
      StringRef S(Name);
      if (S == "join")
        U.Joined = Call;
      else if (S == "detach")
        U.Detached = Call;
      else if (S == "get" || S == "wait")
        U.Waited = Call;
      continue;
    }
    if (const auto* C = P.get<CallExpr>(); isStdMoveOrForward(C)) {
      U.Moved = C;
      continue;
    }
    if (const auto* R = P.get<ReturnStmt>())
      U.Returned = R;
  }
  return U;
}

bool mentions(const Stmt* S, const VarDecl* V, ASTContext& Ctx) {
  return S && !match(findAll(declRefExpr(to(varDecl(equalsNode(V))))), *S, Ctx).empty();
}

// The threads of a container that is a local of the function: they end before it returns
// unless one is detached or the container leaves (moved, returned).
Escape containerEscape(const Expr* Container, const Spawn& S, const Stmt* Body, ASTContext& Ctx,
                       bool IsJThread) {
  Escape E;
  const std::string Thread = IsJThread ? "std::jthread" : "std::thread";
  Container = Container->IgnoreParenImpCasts();
  if (const auto* ME = dyn_cast<MemberExpr>(Container)) {
    E.Escapes = true;
    E.Into = "a " + Thread + " stored in member '" + ME->getMemberDecl()->getNameAsString() + "'";
    E.NoteLoc = S.Call->getExprLoc();
    E.Note = "the thread is stored here";
    return E;
  }
  const auto* DRE = dyn_cast<DeclRefExpr>(Container);
  const auto* V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V) {
    E.Escapes = true;
    E.Into = "a " + Thread + " stored in a container the check cannot follow";
    E.NoteLoc = S.Call->getExprLoc();
    E.Note = "the thread is stored here";
    return E;
  }
  if (!V->hasLocalStorage()) {
    E.Escapes = true;
    E.Into =
        "a " + Thread + " stored in '" + V->getNameAsString() + "', which outlives the function";
    E.NoteLoc = S.Call->getExprLoc();
    E.Note = "the thread is stored here";
    return E;
  }
  // Variables that name elements of the container: range-for variables over it, and locals
  // initialised from an expression that mentions it ("auto& t = pool.back();").
  llvm::SmallVector<const VarDecl*, 4> Elements;
  for (const auto& N : match(findAll(cxxForRangeStmt().bind("for")), *Body, Ctx)) {
    const auto* For = N.getNodeAs<CXXForRangeStmt>("for");
    if (mentions(For->getRangeInit(), V, Ctx))
      Elements.push_back(For->getLoopVariable());
  }
  for (const auto& N :
       match(findAll(varDecl(hasInitializer(expr().bind("init"))).bind("v")), *Body, Ctx)) {
    const auto* Local = N.getNodeAs<VarDecl>("v");
    if (Local != V && mentions(N.getNodeAs<Expr>("init"), V, Ctx))
      Elements.push_back(Local);
  }
  const Expr* Detached = nullptr;
  const Expr* Joined = nullptr;
  for (const auto& N : match(
           findAll(
               cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("detach", "join")))).bind("call")),
           *Body, Ctx)) {
    const auto* Call = N.getNodeAs<CXXMemberCallExpr>("call");
    const Expr* Obj = Call->getImplicitObjectArgument();
    bool OnElement = mentions(Obj, V, Ctx);
    for (const VarDecl* El : Elements)
      OnElement = OnElement || mentions(Obj, El, Ctx);
    if (!OnElement)
      continue;
    if (Call->getMethodDecl()->getName() == "detach")
      Detached = Call;
    else
      Joined = Call;
  }
  VarUses U = usesOf(V, Body, Ctx);
  if (Detached) {
    E.Escapes = true;
    E.Into = "a detached " + Thread;
    E.NoteLoc = Detached->getExprLoc();
    E.Note = "the thread is detached here";
  } else if (U.Moved || U.Returned) {
    E.Escapes = true;
    E.Into = "a " + Thread + " whose container '" + V->getNameAsString() + "' leaves the function";
    E.NoteLoc = U.Moved ? U.Moved->getExprLoc() : U.Returned->getBeginLoc();
    E.Note = U.Moved ? "the container is moved here" : "the container is returned here";
  } else if (!IsJThread && !Joined) {
    E.Escapes = true;
    E.Into = "a std::thread that is never joined";
    E.NoteLoc = V->getLocation();
    E.Note = "no element of this container is joined in this function";
  }
  return E;
}

Escape ownerVarEscape(const VarDecl* V, const Spawn& S, const Stmt* Body, ASTContext& Ctx) {
  Escape E;
  const bool IsAsync = S.Kind == SpawnKind::Async;
  const std::string What = S.What;
  if (!V->hasLocalStorage()) {
    E.Escapes = true;
    E.Into = (IsAsync ? "a std::async whose future is stored in '" : "a " + What + " stored in '") +
             V->getNameAsString() + "', which outlives the function";
    E.NoteLoc = S.Call->getExprLoc();
    E.Note = "it is stored here";
    return E;
  }
  VarUses U = usesOf(V, Body, Ctx);
  if (U.Detached) {
    E = {true, "a detached " + What, U.Detached->getExprLoc(), "the thread is detached here"};
  } else if (U.Moved) {
    E = {true,
         IsAsync ? "a std::async whose future is moved away" : "a " + What + " that is moved away",
         U.Moved->getExprLoc(), IsAsync ? "the future is moved here" : "the thread is moved here"};
  } else if (U.Returned) {
    E = {true, IsAsync ? "a std::async whose future is returned" : "a returned " + What,
         U.Returned->getBeginLoc(), "it is returned here"};
  } else if (S.Kind == SpawnKind::StdThread && !U.Joined) {
    E = {true, "a std::thread that is never joined", V->getLocation(),
         "the thread is never joined in this function"};
  } else if (IsAsync && !U.Waited) {
    E = {true, "a std::async whose future is not waited on", V->getLocation(),
         "the future is not waited on (get() or wait()) in this function"};
  }
  return E;
}

} // namespace

std::vector<std::string> parseQualifiedNames(StringRef Option) {
  std::vector<std::string> Out;
  for (StringRef Name : utils::options::parseStringList(Option)) {
    Name = Name.trim();
    if (Name.empty())
      continue;
    Out.push_back(Name.starts_with("::") ? Name.str() : "::" + Name.str());
  }
  return Out;
}

bool isOneOfClasses(QualType T, const std::vector<std::string>& Names, ASTContext& Ctx) {
  if (T.isNull() || Names.empty())
    return false;
  const auto* RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::vector<StringRef> Refs(Names.begin(), Names.end());
  return !match(cxxRecordDecl(isSameOrDerivedFrom(hasAnyName(Refs))), *RD, Ctx).empty();
}

const Expr* stripWrappers(const Expr* E) {
  while (E) {
    const Expr* Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto* FC = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = FC->getSubExpr();
    else if (const auto* C = dyn_cast<CallExpr>(Next); isStdMoveOrForward(C))
      Next = C->getArg(0);
    else if (const auto* CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor())
      Next = CE->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const LambdaExpr* lambdaOf(const Expr* Arg, ASTContext& Ctx) {
  for (int Depth = 0; Arg && Depth < 8; ++Depth) {
    const Expr* E = stripWrappers(Arg);
    if (const auto* L = dyn_cast<LambdaExpr>(E))
      return L;
    if (const auto* CE = dyn_cast<CXXConstructExpr>(E)) {
      // std::function<void()>(lambda), or any wrapper constructed from one callable.
      for (const Expr* A : CE->arguments())
        if (const LambdaExpr* L = lambdaOf(A, Ctx))
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

const Stmt* enclosingBody(const Stmt* S, ASTContext& Ctx) {
  DynTypedNode N = DynTypedNode::create(*S);
  for (int Depth = 0; Depth < 256; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return nullptr;
    N = Parents[0];
    if (const auto* L = N.get<LambdaExpr>())
      return L->getBody();
    if (const auto* FD = N.get<FunctionDecl>())
      return FD->getBody();
  }
  return nullptr;
}

std::vector<StatementMatcher> spawnMatchers(const std::vector<std::string>& SpawnFunctions) {
  std::vector<StringRef> Names(SpawnFunctions.begin(), SpawnFunctions.end());
  auto ThreadClass = cxxRecordDecl(hasAnyName("::std::thread", "::std::jthread"));
  auto ThreadContainer = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(classTemplateSpecializationDecl(hasTemplateArgument(
          0,
          refersToType(hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadClass))))))))));
  auto NotSystem = unless(isExpansionInSystemHeader());
  return {
      cxxConstructExpr(NotSystem, argumentCountAtLeast(1),
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

std::optional<Spawn> describeSpawn(const Expr* E, const std::vector<std::string>& SpawnFunctions) {
  Spawn S;
  S.Call = E;
  auto Listed = [&](StringRef Q) {
    return std::find(SpawnFunctions.begin(), SpawnFunctions.end(), Q) != SpawnFunctions.end();
  };
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E)) {
    std::string Q = qualifiedName(CE->getConstructor()->getParent());
    if (Q == "::std::thread" && Listed(Q))
      S.Kind = SpawnKind::StdThread, S.What = "std::thread";
    else if (Q == "::std::jthread" && Listed(Q))
      S.Kind = SpawnKind::JThread, S.What = "std::jthread";
    else
      S.Kind = SpawnKind::Custom, S.What = "'" + Q + "'";
    for (const Expr* A : CE->arguments())
      if (!isa<CXXDefaultArgExpr>(A))
        S.Args.push_back(A);
    return S;
  }
  const auto* C = dyn_cast<CallExpr>(E);
  if (!C)
    return std::nullopt;
  if (const auto* MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const CXXMethodDecl* M = MC->getMethodDecl();
    if (M && M->getIdentifier() && !Listed(qualifiedName(M))) {
      // emplace on a container of threads: the arguments construct a thread.
      const auto* Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(M->getParent());
      if (!Spec || Spec->getTemplateArgs().size() == 0)
        return std::nullopt;
      QualType Elem = Spec->getTemplateArgs()[0].getAsType();
      const auto* ER = Elem.isNull() ? nullptr : Elem->getAsCXXRecordDecl();
      if (!ER)
        return std::nullopt;
      std::string Q = qualifiedName(ER);
      if (!Listed(Q))
        return std::nullopt;
      S.Kind = SpawnKind::Emplace;
      S.What = Q == "::std::jthread" ? "std::jthread" : "std::thread";
      for (const Expr* A : MC->arguments())
        S.Args.push_back(A);
      return S;
    }
  }
  const FunctionDecl* FD = C->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  std::string Q = qualifiedName(FD);
  if (Q == "::std::async") {
    S.Kind = SpawnKind::Async, S.What = "std::async";
  } else if (Q == "::pthread_create") {
    S.Kind = SpawnKind::PThreadCreate, S.What = "pthread_create";
    if (C->getNumArgs() == 4) {
      S.Args.push_back(C->getArg(2));
      S.Args.push_back(C->getArg(3));
    }
    return S;
  } else {
    S.Kind = SpawnKind::Custom, S.What = "'" + Q + "'";
  }
  for (const Expr* A : C->arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      S.Args.push_back(A);
  return S;
}

Escape analyzeEscape(const Spawn& S, ASTContext& Ctx, bool AllowScopedThreads) {
  Escape E;
  const Stmt* Body = enclosingBody(S.Call, Ctx);
  auto Always = [&](std::string Into) {
    Escape A;
    A.Escapes = true;
    A.Into = std::move(Into);
    return A;
  };

  switch (S.Kind) {
  case SpawnKind::Custom:
    E.Escapes = true;
    E.Into = "a task started by " + S.What;
    E.NoteLoc = S.Call->getExprLoc();
    E.Note = "the task is handed over here";
    return E;
  case SpawnKind::Emplace: {
    const auto* MC = cast<CXXMemberCallExpr>(S.Call);
    E = Body ? containerEscape(MC->getImplicitObjectArgument(), S, Body, Ctx,
                               S.What == "std::jthread")
             : Always("a " + S.What);
    break;
  }
  case SpawnKind::PThreadCreate: {
    const auto* C = cast<CallExpr>(S.Call);
    const auto* Addr =
        C->getNumArgs() ? dyn_cast<UnaryOperator>(C->getArg(0)->IgnoreParenImpCasts()) : nullptr;
    const auto* DRE = Addr && Addr->getOpcode() == UO_AddrOf
                          ? dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParenImpCasts())
                          : nullptr;
    const auto* Tid = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    const Expr* Joined = nullptr;
    const Expr* Detached = nullptr;
    if (Tid && Body) {
      auto On = [&](StringRef Fn) -> const Expr* {
        auto M = match(findAll(callExpr(callee(functionDecl(hasName(Fn))),
                                        hasArgument(0, ignoringParenImpCasts(declRefExpr(
                                                           to(varDecl(equalsNode(Tid)))))))
                                   .bind("c")),
                       *Body, Ctx);
        return M.empty() ? nullptr : M[0].getNodeAs<Expr>("c");
      };
      Joined = On("::pthread_join");
      Detached = On("::pthread_detach");
    }
    if (Detached)
      E = {true, "a detached pthread", Detached->getExprLoc(), "the thread is detached here"};
    else if (!Tid || !Tid->hasLocalStorage() || !Joined)
      E = {true, "a pthread that is not joined in this function", S.Call->getExprLoc(),
           "the thread is started here and not joined in this function"};
    break;
  }
  case SpawnKind::StdThread:
  case SpawnKind::JThread:
  case SpawnKind::Async: {
    auto [P, Child] = firstUse(S.Call, Ctx);
    const Expr* Call = nullptr;
    if (const auto* V = P.get<VarDecl>()) {
      E = Body ? ownerVarEscape(V, S, Body, Ctx) : Always("a " + S.What);
    } else if (const char* Name = memberCallName(P, Ctx, &Call)) {
      StringRef N(Name);
      if (N == "detach")
        E = {true, "a detached " + S.What, Call->getExprLoc(), "the thread is detached here"};
      // join(), get() and wait() on the temporary end the thread before the statement does.
    } else if (P.get<ReturnStmt>()) {
      E = {true,
           S.Kind == SpawnKind::Async ? "a std::async whose future is returned"
                                      : "a returned " + S.What,
           S.Call->getBeginLoc(), "it is returned here"};
    } else if (const auto* Init = P.get<CXXCtorInitializer>()) {
      E = {true, "a " + S.What + " stored in a member", Init->getSourceLocation(),
           "it is stored here"};
    } else if (const auto* Op = P.get<CXXOperatorCallExpr>();
               Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
               Op->getArg(1)->IgnoreImplicit() == cast<Expr>(Child)->IgnoreImplicit()) {
      const Expr* L = Op->getArg(0)->IgnoreParenImpCasts();
      const auto* LV =
          isa<DeclRefExpr>(L) ? dyn_cast<VarDecl>(cast<DeclRefExpr>(L)->getDecl()) : nullptr;
      if (LV && LV->hasLocalStorage() && Body) {
        E = ownerVarEscape(LV, S, Body, Ctx);
      } else {
        std::string Where =
            isa<MemberExpr>(L)
                ? "member '" + cast<MemberExpr>(L)->getMemberDecl()->getNameAsString() + "'"
            : LV ? "'" + LV->getNameAsString() + "', which outlives the function"
                 : "an object that outlives the function";
        E = {true,
             (S.Kind == SpawnKind::Async ? "a std::async whose future is stored in "
                                         : "a " + S.What + " stored in ") +
                 Where,
             Op->getExprLoc(), "it is stored here"};
      }
    } else if (const auto* MC = P.get<CXXMemberCallExpr>();
               MC && MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
               StringRef("push_back emplace_back push_front emplace_front insert emplace")
                   .contains(MC->getMethodDecl()->getName()) &&
               S.Kind != SpawnKind::Async) {
      E = Body ? containerEscape(MC->getImplicitObjectArgument(), S, Body, Ctx,
                                 S.Kind == SpawnKind::JThread)
               : Always("a " + S.What);
    } else if (const auto* Fn = P.get<CallExpr>()) {
      const FunctionDecl* FD = Fn->getDirectCallee();
      E = {true,
           "a " + S.What + " handed to " +
               (FD && FD->getIdentifier() ? "'" + FD->getNameAsString() + "'" : "another function"),
           Fn->getExprLoc(), "it is handed over here"};
    } else if (const auto* PS = P.get<Stmt>(); PS && !isa<Expr>(PS)) {
      // A discarded temporary: a jthread joins, an async future blocks, both before the
      // statement ends; a discarded std::thread calls std::terminate.
      if (S.Kind == SpawnKind::StdThread)
        E = {true, "a std::thread that is never joined", S.Call->getExprLoc(),
             "the thread object is destroyed at the end of this statement without a join"};
    } else {
      E = {true, "a " + S.What + " that the check cannot follow", S.Call->getExprLoc(),
           "the thread is started here"};
    }
    break;
  }
  }
  if (!E.Escapes && !AllowScopedThreads)
    E = Always("a " + S.What);
  return E;
}

} // namespace clang::tidy::racelab
