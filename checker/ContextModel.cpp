//===--- ContextModel.cpp - racelab ------------------------------------*- C++ -*-===//
#include "ContextModel.h"

#include "SpawnAnalysis.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {
// A std::shared_ptr<X> or std::unique_ptr<X> where X is a context: X, else `T` itself.
QualType throughSmartPointer(QualType T, const std::vector<std::string>& ContextTypes,
                             ASTContext& Ctx) {
  const auto* Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return T;
  std::string Q = "::" + Spec->getQualifiedNameAsString();
  if (Q != "::std::shared_ptr" && Q != "::std::unique_ptr")
    return T;
  QualType Pointee = Spec->getTemplateArgs()[0].getAsType();
  return isOneOfClasses(Pointee, ContextTypes, Ctx) ? Pointee : T;
}
} // namespace

Holding holdingOf(QualType T, const std::vector<std::string>& ContextTypes, ASTContext& Ctx) {
  if (T.isNull())
    return Holding::None;
  if (T->isReferenceType())
    return isOneOfClasses(throughSmartPointer(T.getNonReferenceType(), ContextTypes, Ctx),
                          ContextTypes, Ctx)
               ? Holding::Reference
               : Holding::None;
  if (T->isPointerType())
    return isOneOfClasses(T->getPointeeType(), ContextTypes, Ctx) ? Holding::Pointer
                                                                  : Holding::None;
  return isOneOfClasses(throughSmartPointer(T, ContextTypes, Ctx), ContextTypes, Ctx)
             ? Holding::Object
             : Holding::None;
}

std::string cureFor(StringRef Verb, StringRef Name, QualType ContextType, bool ViaPointer,
                    StringRef CopyMethod) {
  if (copyTypeOf(ContextType, CopyMethod))
    return (Verb + " '" + Name + (ViaPointer ? "->" : ".") + CopyMethod + "()' instead").str();
  const auto* RD = ContextType.getNonReferenceType()->getAsCXXRecordDecl();
  bool Copyable = false;
  if (RD && RD->hasDefinition()) {
    RD = RD->getDefinition();
    if (RD->needsImplicitCopyConstructor())
      Copyable = !RD->defaultedCopyConstructorIsDeleted();
    for (const CXXConstructorDecl* C : RD->ctors())
      if (C->isCopyConstructor() && !C->isDeleted() && C->getAccess() == AS_public)
        Copyable = true;
  }
  if (Copyable)
    return (Verb + " a copy of '" + (ViaPointer ? "*" : "") + Name + "' instead").str();
  return "copy the values the thread needs into owning objects first";
}

const CXXRecordDecl* copyTypeOf(QualType ContextType, StringRef CopyMethod) {
  const auto* RD = ContextType.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  RD = RD->getDefinition();
  for (const CXXMethodDecl* M : RD->methods()) {
    if (!M->getIdentifier() || M->getName() != CopyMethod || M->getNumParams() != 0 ||
        !M->isConst())
      continue;
    QualType R = M->getReturnType();
    if (R->isReferenceType() || R->isPointerType())
      return nullptr;
    const auto* Copy = R->getAsCXXRecordDecl();
    return Copy && Copy->hasDefinition() ? Copy->getDefinition() : nullptr;
  }
  // An inherited copy method serves as well (a derived request type of a framework).
  for (const CXXBaseSpecifier& B : RD->bases())
    if (B.getAccessSpecifier() == AS_public)
      if (const CXXRecordDecl* Copy = copyTypeOf(B.getType(), CopyMethod))
        return Copy;
  return nullptr;
}

namespace {
bool copyHasMethod(const CXXRecordDecl* Copy, StringRef Name, bool Mutable) {
  bool Found = false;
  auto Check = [&](const CXXRecordDecl* RD) {
    for (const CXXMethodDecl* M : RD->methods())
      if (M->getIdentifier() && M->getName() == Name && (Mutable || M->isConst()) &&
          M->getAccess() != AS_private && M->getAccess() != AS_protected)
        Found = true;
    for (const auto* D : RD->decls())
      if (const auto* FT = dyn_cast<FunctionTemplateDecl>(D))
        if (FT->getIdentifier() && FT->getName() == Name && FT->getAccess() == AS_public)
          Found = true;
  };
  Check(Copy);
  for (const CXXBaseSpecifier& B : Copy->bases())
    if (B.getAccessSpecifier() == AS_public)
      if (const auto* BR = B.getType()->getAsCXXRecordDecl(); BR && BR->hasDefinition())
        Check(BR->getDefinition());
  return Found;
}
} // namespace

bool onlyUsesCopyApi(const ValueDecl* V, const Stmt* Body, const CXXRecordDecl* Copy, bool Mutable,
                     ASTContext& Ctx) {
  if (!Copy || !Body)
    return false;
  auto Refs = match(findAll(declRefExpr(to(valueDecl(equalsNode(V)))).bind("ref")), *Body, Ctx);
  for (const auto& N : Refs) {
    const auto* Ref = N.getNodeAs<DeclRefExpr>("ref");
    // c.m(...): the parent of the reference is a MemberExpr naming a method, itself the callee
    // of a member call.
    auto Parents = Ctx.getParents(*Ref);
    while (!Parents.empty() && Parents[0].get<ImplicitCastExpr>())
      Parents = Ctx.getParents(*Parents[0].get<ImplicitCastExpr>());
    const auto* ME = Parents.empty() ? nullptr : Parents[0].get<MemberExpr>();
    if (!ME)
      return false;
    const auto* Method = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
    if (!Method || !Method->getIdentifier())
      return false;
    auto Up = Ctx.getParents(*ME);
    if (Up.empty() || !Up[0].get<CXXMemberCallExpr>())
      return false;
    if (!copyHasMethod(Copy, Method->getName(), Mutable))
      return false;
  }
  return true;
}

} // namespace clang::tidy::racelab
