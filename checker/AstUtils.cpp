//===--- AstUtils.cpp - racelab ----------------------------------------*- C++ -*-===//
#include "AstUtils.h"
#include "Compat.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

std::string qualifiedName(const NamedDecl* D) {
  return "::" + D->getQualifiedNameAsString();
}

std::string templateFreeName(const NamedDecl* D) {
  std::string Name = D->getIdentifier() ? D->getName().str() : D->getNameAsString();
  for (const DeclContext* C = D->getDeclContext(); C; C = C->getParent()) {
    const auto* ND = dyn_cast<NamedDecl>(C);
    if (!ND || (isa<NamespaceDecl>(ND) && cast<NamespaceDecl>(ND)->isInline()))
      continue;
    Name = (ND->getIdentifier() ? ND->getName().str() : ND->getNameAsString()) + "::" + Name;
  }
  return "::" + Name;
}

bool isNamedOneOf(const NamedDecl* D, const std::vector<std::string>& Names) {
  if (!D || Names.empty())
    return false;
  // Most declarations fail here, on their last name, before any qualified name is built.
  // (An operator has no identifier: its last name is "operator()".)
  std::string LastName = D->getIdentifier() ? D->getName().str() : D->getNameAsString();
  StringRef Last = LastName;
  if (Last.empty())
    return false;
  if (std::none_of(Names.begin(), Names.end(), [&](const std::string& N) {
        return endsWith(N, Last) && N.size() > Last.size() + 1 &&
               N[N.size() - Last.size() - 1] == ':';
      }))
    return false;
  std::string Full = qualifiedName(D);
  std::string Free = templateFreeName(D);
  return std::find(Names.begin(), Names.end(), Full) != Names.end() ||
         std::find(Names.begin(), Names.end(), Free) != Names.end();
}

NameList nameList(std::vector<std::string> Names) {
  auto Last = std::make_shared<llvm::StringSet<>>();
  for (const std::string& N : Names)
    Last->insert(StringRef(N).rsplit("::").second);
  return {std::move(Names), std::move(Last)};
}

bool isNamedOneOf(const NamedDecl* D, const NameList& Names) {
  if (!D)
    return false;
  if (D->getIdentifier()) {
    if (!Names.LastNames->contains(D->getName()))
      return false;
  } else if (!Names.LastNames->contains(D->getNameAsString())) {
    return false;
  }
  return isNamedOneOf(D, Names.Names);
}

bool isNamedByAlias(QualType T, const std::vector<std::string>& Names) {
  for (int Depth = 0; !T.isNull() && Depth < 16; ++Depth) {
    const auto* TT = T.getNonReferenceType()->getAs<TypedefType>();
    if (!TT)
      return false;
    if (isNamedOneOf(TT->getDecl(), Names))
      return true;
    T = TT->desugar();
  }
  return false;
}

bool isOneOfTypes(QualType T, const std::vector<std::string>& Names, ASTContext& Ctx) {
  return isNamedByAlias(T, Names) || isOneOfClasses(T, Names, Ctx);
}

std::vector<std::string> parseQualifiedNames(StringRef Option) {
  std::vector<std::string> Out;
  for (StringRef Name : utils::options::parseStringList(Option)) {
    Name = Name.trim();
    if (Name.empty())
      continue;
    Out.push_back(startsWith(Name, "::") ? Name.str() : "::" + Name.str());
  }
  return Out;
}

bool isOneOfClasses(QualType T, const std::vector<std::string>& Names, ASTContext& Ctx) {
  if (T.isNull() || Names.empty())
    return false;
  const auto* RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  return !match(cxxRecordDecl(isSameOrDerivedFrom(namedOneOf(nameList(Names)))), *RD, Ctx).empty();
}

bool isCallTo(const CallExpr* C, StringRef QualifiedName) {
  const FunctionDecl* FD = C ? C->getDirectCallee() : nullptr;
  return FD && FD->getIdentifier() && qualifiedName(FD) == QualifiedName;
}

bool isStdMoveOrForward(const CallExpr* C) {
  return C && C->getNumArgs() == 1 && (isCallTo(C, "::std::move") || isCallTo(C, "::std::forward"));
}

bool isCopyOrMoveConstruction(const Expr* E) {
  const auto* CE = dyn_cast_or_null<CXXConstructExpr>(E);
  return CE && CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor();
}

const Expr* stripWrappers(const Expr* E) {
  while (E) {
    const Expr* Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto* FC = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = FC->getSubExpr();
    else if (const auto* C = dyn_cast<CallExpr>(Next); isStdMoveOrForward(C))
      Next = C->getArg(0);
    else if (isCopyOrMoveConstruction(Next))
      Next = cast<CXXConstructExpr>(Next)->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

// A std::function, a closure, any class with an operator(): what a callback parameter holds.
bool isCallableClass(QualType T) {
  const auto* RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isLambda())
    return true;
  for (const Decl* D : RD->decls()) {
    const auto* FD = dyn_cast<FunctionDecl>(D);
    if (const auto* FT = dyn_cast<FunctionTemplateDecl>(D))
      FD = FT->getTemplatedDecl();
    if (FD && FD->getOverloadedOperator() == OO_Call)
      return true;
  }
  return false;
}

StmtParents::StmtParents(const Stmt* FunctionBody, ASTContext& Ctx)
    : Root(FunctionBody), Ctx(Ctx),
      Map(FunctionBody ? std::make_unique<ParentMap>(const_cast<Stmt*>(FunctionBody)) : nullptr) {}

StmtParents::~StmtParents() = default;

DynTypedNode StmtParents::parentOf(const Stmt* S) const {
  if (Map && S == Root)
    return DynTypedNode();
  if (!Map || !Map->hasParent(const_cast<Stmt*>(S))) {
    auto Parents = Ctx.getParents(*S);
    return Parents.empty() ? DynTypedNode() : Parents[0];
  }
  const Stmt* P = Map->getParent(const_cast<Stmt*>(S));
  // ParentMap puts a declaration's initializer under its DeclStmt; the ASTContext (and the
  // checks' questions: "is it stored in a local?") put it under the variable.
  if (const auto* DS = dyn_cast<DeclStmt>(P))
    for (const Decl* D : DS->decls())
      if (const auto* V = dyn_cast<VarDecl>(D); V && V->getInit() == S)
        return DynTypedNode::create(*V);
  return DynTypedNode::create(*P);
}

const Stmt* StmtParents::enclosingBody(const Stmt* S) const {
  if (!Map || (S != Root && !Map->hasParent(const_cast<Stmt*>(S)))) {
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
  for (const Stmt* P = Map->getParent(const_cast<Stmt*>(S)); P;
       P = Map->getParent(const_cast<Stmt*>(P)))
    if (const auto* L = dyn_cast<LambdaExpr>(P))
      return L->getBody();
  return Root;
}

namespace {
const FunctionDecl* functionOf(const DeclContext* DC) {
  const auto* FD = dyn_cast_or_null<FunctionDecl>(DC);
  return FD && FD->hasBody() ? FD : nullptr;
}
} // namespace

const FunctionDecl* functionAround(const Expr* Call, llvm::ArrayRef<const Expr*> Args,
                                   ASTContext& Ctx) {
  for (const Expr* A : Args)
    if (const auto* L = dyn_cast<LambdaExpr>(stripWrappers(A)))
      if (const FunctionDecl* FD = functionOf(L->getLambdaClass()->getDeclContext()))
        return FD;
  auto Locals =
      match(findAll(declRefExpr(to(varDecl(hasLocalStorage(), unless(isImplicit())))).bind("ref")),
            *Call, Ctx);
  for (const auto& N : Locals)
    if (const FunctionDecl* FD =
            functionOf(N.getNodeAs<DeclRefExpr>("ref")->getDecl()->getDeclContext()))
      return FD;
  return nullptr;
}

bool isInInstantiation(const Decl* D) {
  for (const DeclContext* DC = D ? D->getDeclContext() : nullptr; DC; DC = DC->getParent()) {
    if (const auto* FD = dyn_cast<FunctionDecl>(DC); FD && FD->isTemplateInstantiation())
      return true;
    if (const auto* RD = dyn_cast<CXXRecordDecl>(DC); RD && RD->getTemplateInstantiationPattern())
      return true;
  }
  if (const auto* FD = dyn_cast_or_null<FunctionDecl>(D); FD && FD->isTemplateInstantiation())
    return true;
  return false;
}

bool mentions(const Stmt* S, const VarDecl* V, ASTContext& Ctx) {
  return S && !match(findAll(declRefExpr(to(varDecl(equalsNode(V))))), *S, Ctx).empty();
}

bool pathTo(const Stmt* Root, const Stmt* Target, llvm::SmallVectorImpl<const Stmt*>& Path) {
  if (!Root)
    return false;
  Path.push_back(Root);
  if (Root == Target)
    return true;
  for (const Stmt* Child : Root->children())
    if (pathTo(Child, Target, Path))
      return true;
  Path.pop_back();
  return false;
}

StringRef calledMethodName(const CXXMemberCallExpr* Call) {
  const CXXMethodDecl* M = Call ? Call->getMethodDecl() : nullptr;
  return M && M->getIdentifier() ? M->getName() : StringRef();
}

} // namespace clang::tidy::racelab
