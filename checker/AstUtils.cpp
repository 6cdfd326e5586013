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
  if (!D || Names.empty() || !D->getIdentifier())
    return false;
  // Most declarations fail here, on their last name, before any qualified name is built.
  StringRef Last = D->getName();
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
  return !match(cxxRecordDecl(isSameOrDerivedFrom(namedOneOf(Names))), *RD, Ctx).empty();
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

bool mentions(const Stmt* S, const VarDecl* V, ASTContext& Ctx) {
  return S && !match(findAll(declRefExpr(to(varDecl(equalsNode(V))))), *S, Ctx).empty();
}

StringRef calledMethodName(const CXXMemberCallExpr* Call) {
  const CXXMethodDecl* M = Call ? Call->getMethodDecl() : nullptr;
  return M && M->getIdentifier() ? M->getName() : StringRef();
}

} // namespace clang::tidy::racelab
