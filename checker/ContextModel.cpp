//===--- ContextModel.cpp - racelab ------------------------------------*- C++ -*-===//
#include "ContextModel.h"

#include "AstUtils.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

ContextModel::ContextModel(ClangTidyCheck::OptionsView& Options, AlsoReads Extra,
                           const FrameworkProfiles& Profiles)
    : Profiles(Profiles), RawContextTypes(Options.getLocalOrGlobal("ContextTypes", "")),
      Extra(Extra),
      CopyMethod(Extra == AlsoReads::CopyMethod ? Options.getLocalOrGlobal("CopyMethod", "copy")
                                                : "copy"),
      RawViewTypes(
          Extra == AlsoReads::ViewTypes
              ? Options.getLocalOrGlobal("ViewTypes", "::std::basic_string_view;::std::span")
              : ""),
      ContextTypes(parseQualifiedNames(RawContextTypes)),
      ViewTypes(parseQualifiedNames(RawViewTypes)) {
  for (ProfileRole Role : {ProfileRole::RequestType, ProfileRole::HandleType})
    for (std::string& Name : Profiles.namesOf(Role))
      ProfileTypes.push_back(std::move(Name));
}

void ContextModel::storeOptions(ClangTidyCheck::OptionsView& Options,
                                ClangTidyOptions::OptionMap& Opts) const {
  Options.store(Opts, "ContextTypes", RawContextTypes);
  if (Extra == AlsoReads::CopyMethod)
    Options.store(Opts, "CopyMethod", CopyMethod);
  else
    Options.store(Opts, "ViewTypes", RawViewTypes);
}

// ---- Contexts ------------------------------------------------------------------------------

// The user's ContextTypes, then the types of the profiles that are on in this TU.
bool ContextModel::isContextClass(QualType T, ASTContext& Ctx) const {
  if (isOneOfTypes(T, ContextTypes, Ctx))
    return true;
  if (ProfileTypes.empty() || !isOneOfTypes(T, ProfileTypes, Ctx))
    return false;
  std::vector<std::string> Active;
  for (ProfileRole Role : {ProfileRole::RequestType, ProfileRole::HandleType})
    for (const ProfileName* N : Profiles.activeEntries(Role, Ctx))
      Active.push_back(N->Name);
  return isOneOfTypes(T, Active, Ctx);
}

// A std::shared_ptr<X> or std::unique_ptr<X> where X is a context: X, else `T` itself.
QualType ContextModel::throughSmartPointer(QualType T, ASTContext& Ctx) const {
  const auto* Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return T;
  std::string Q = qualifiedName(Spec);
  if (Q != "::std::shared_ptr" && Q != "::std::unique_ptr")
    return T;
  QualType Pointee = Spec->getTemplateArgs()[0].getAsType();
  return isContextClass(Pointee, Ctx) ? Pointee : T;
}

ContextHandle ContextModel::handleOf(QualType T, ASTContext& Ctx) const {
  if (T.isNull())
    return {};
  if (T->isPointerType()) {
    QualType Pointee = T->getPointeeType();
    return isContextClass(Pointee, Ctx) ? ContextHandle{Holding::Pointer, Pointee}
                                        : ContextHandle{};
  }
  // A handle named by its alias (`HttpRequestPtr`) is no smart pointer to a listed class: it
  // stays itself, and is a context through the alias.
  QualType Class = throughSmartPointer(T.getNonReferenceType(), Ctx);
  if (!isContextClass(Class, Ctx))
    return {};
  const bool Shared = Class != T.getNonReferenceType() &&
                      isOneOfClasses(T.getNonReferenceType(), {"::std::shared_ptr"}, Ctx);
  return {T->isReferenceType() ? Holding::Reference : Holding::Object, Class, Shared};
}

namespace {
bool isPubliclyCopyable(QualType T) {
  const auto* RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isAbstract()) // an interface: its object cannot be copied whatever its constructors say
    return false;
  bool Copyable = RD->needsImplicitCopyConstructor() && !RD->defaultedCopyConstructorIsDeleted();
  for (const CXXConstructorDecl* C : RD->ctors())
    if (C->isCopyConstructor() && !C->isDeleted() && C->getAccess() == AS_public)
      Copyable = true;
  return Copyable;
}

// Whether a copy of `RD` still points into memory the request owns: a std::string_view member,
// directly or in a member array or struct (uWS's HttpRequest keeps its headers as views into
// the receive buffer, so copying the object copies only the views).
bool holdsViews(const CXXRecordDecl* RD, int Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 2)
    return false;
  for (const FieldDecl* F : RD->getDefinition()->fields()) {
    QualType T = F->getType();
    while (const auto* A = dyn_cast<ConstantArrayType>(T.getCanonicalType()))
      T = A->getElementType();
    const CXXRecordDecl* Field = T->getAsCXXRecordDecl();
    if (!Field)
      continue;
    if (Field->isInStdNamespace() && Field->getIdentifier() &&
        Field->getName() == "basic_string_view")
      return true;
    if (!Field->isInStdNamespace() && holdsViews(Field, Depth + 1))
      return true;
  }
  return false;
}

bool isPubliclyMovable(QualType T) {
  const auto* RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->getDefinition()->isAbstract())
    return false;
  RD = RD->getDefinition();
  bool Movable = RD->needsImplicitMoveConstructor() && !RD->defaultedMoveConstructorIsDeleted();
  for (const CXXConstructorDecl* C : RD->ctors())
    if (C->isMoveConstructor() && !C->isDeleted() && C->getAccess() == AS_public)
      Movable = true;
  return Movable;
}
} // namespace

std::string ContextModel::cureFor(StringRef Verb, StringRef Name, const ContextHandle& H) const {
  const bool ViaPointer = H.How == Holding::Pointer;
  // The owner itself is what the work should hold (restbed's session, Simple-Web-Server's
  // response): a copy of the shared_ptr, not of the object.
  if (H.SharedOwner)
    return (Verb + " a copy of the std::shared_ptr '" + Name +
            "' instead: it keeps the request alive")
        .str();
  if (copyClassOf(H.Class))
    return (Verb + " '" + Name + (ViaPointer ? "->" : ".") + CopyMethod + "()' instead").str();
  // A copy of a class of views would still point into the request's buffer.
  if (holdsViews(H.Class.getNonReferenceType()->getAsCXXRecordDecl()))
    return std::string("copy the values the thread needs into owning objects first (a copy "
                       "of '") +
           (ViaPointer ? "*" : "") + Name.str() + "' still points into the request's buffer)";
  if (isPubliclyCopyable(H.Class))
    return (Verb + " a copy of '" + (ViaPointer ? "*" : "") + Name + "' instead").str();
  // Never suggest copying what cannot be copied (an interface, a move-only handle).
  if (!ViaPointer && isPubliclyMovable(H.Class))
    return ("move '" + Name + "' into the work (std::move) if the request is done with it, " +
            "or copy the values the thread needs into owning objects first")
        .str();
  return "copy the values the thread needs into owning objects first";
}

const CXXRecordDecl* ContextModel::copyClassOf(QualType ContextType) const {
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
      if (const CXXRecordDecl* Copy = copyClassOf(B.getType()))
        return Copy;
  return nullptr;
}

namespace {
bool declaresPublicMethod(const CXXRecordDecl* RD, StringRef Name, bool Mutable) {
  for (const CXXMethodDecl* M : RD->methods())
    if (M->getIdentifier() && M->getName() == Name && (Mutable || M->isConst()) &&
        M->getAccess() != AS_private && M->getAccess() != AS_protected)
      return true;
  for (const auto* D : RD->decls())
    if (const auto* FT = dyn_cast<FunctionTemplateDecl>(D))
      if (FT->getIdentifier() && FT->getName() == Name && FT->getAccess() == AS_public)
        return true;
  return false;
}

bool copyHasMethod(const CXXRecordDecl* Copy, StringRef Name, bool Mutable) {
  if (declaresPublicMethod(Copy, Name, Mutable))
    return true;
  for (const CXXBaseSpecifier& B : Copy->bases())
    if (B.getAccessSpecifier() == AS_public)
      if (const auto* BR = B.getType()->getAsCXXRecordDecl(); BR && BR->hasDefinition())
        if (declaresPublicMethod(BR->getDefinition(), Name, Mutable))
          return true;
  return false;
}

// The method `V.m(...)` calls when `Ref` (a use of V) is the object of a member call.
const CXXMethodDecl* calledOn(const DeclRefExpr* Ref, const StmtParents& Parents) {
  DynTypedNode P = Parents.parentOf(Ref);
  while (const auto* Cast = P.get<ImplicitCastExpr>())
    P = Parents.parentOf(Cast);
  const auto* ME = P.get<MemberExpr>();
  if (!ME)
    return nullptr;
  const auto* Method = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
  if (!Method || !Method->getIdentifier())
    return nullptr;
  return Parents.parentOf(ME).get<CXXMemberCallExpr>() ? Method : nullptr;
}
} // namespace

bool ContextModel::onlyUsesCopyApi(const ValueDecl* V, const Stmt* Body, const CXXRecordDecl* Copy,
                                   bool Mutable, ASTContext& Ctx) const {
  if (!Copy || !Body)
    return false;
  auto Refs = match(findAll(declRefExpr(to(valueDecl(equalsNode(V)))).bind("ref")), *Body, Ctx);
  // The uses are all in the lambda's body: its own parent map answers.
  const StmtParents Parents(Body, Ctx);
  for (const auto& N : Refs) {
    const CXXMethodDecl* Method = calledOn(N.getNodeAs<DeclRefExpr>("ref"), Parents);
    if (!Method || !copyHasMethod(Copy, Method->getName(), Mutable))
      return false;
  }
  return true;
}

// ---- Views ---------------------------------------------------------------------------------

bool ContextModel::isView(QualType T, ASTContext& Ctx) const {
  T = T.getNonReferenceType();
  if (T->isPointerType()) // const char*
    return T->getPointeeType()->isCharType();
  return isOneOfClasses(T, ViewTypes, Ctx);
}

std::string ContextModel::owningStringOf(QualType T) const {
  const auto* Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || qualifiedName(Spec) != "::std::basic_string_view" ||
      Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return "";
  // From the character type, not the spelling: std::string(v) does not compile for a char8_t,
  // char16_t, char32_t or wchar_t view.
  QualType Char = Spec->getTemplateArgs()[0].getAsType().getCanonicalType();
  if (Char->isCharType())
    return "std::string";
  if (Char->isChar8Type())
    return "std::u8string";
  if (Char->isChar16Type())
    return "std::u16string";
  if (Char->isChar32Type())
    return "std::u32string";
  if (Char->isWideCharType())
    return "std::wstring";
  return "";
}

bool ContextModel::isViewIntoContext(const Expr* E, ASTContext& Ctx, int Depth) const {
  if (!E || Depth > 8)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E)) {
    if (!isView(CE->getType(), Ctx))
      return false; // std::string(view): an owning copy
    for (const Expr* A : CE->arguments())
      if (isViewIntoContext(A, Ctx, Depth + 1))
        return true;
    return false;
  }
  // A member call, or a member operator whose object is its first argument (RESTinio's
  // `params["id"]` on route_params_t).
  const Expr* Obj = nullptr;
  if (const auto* MC = dyn_cast<CXXMemberCallExpr>(E))
    Obj = MC->getImplicitObjectArgument();
  else if (const auto* OC = dyn_cast<CXXOperatorCallExpr>(E);
           OC && OC->getNumArgs() > 0 && isa_and_nonnull<CXXMethodDecl>(OC->getDirectCallee()))
    Obj = OC->getArg(0);
  if (Obj) {
    if (!isView(E->getType(), Ctx))
      return false;
    // Through the implicit derived-to-base cast: minigin's accessors live in a CRTP base.
    QualType OT = Obj->IgnoreParenImpCasts()->getType();
    if (OT->isPointerType())
      OT = OT->getPointeeType();
    if (isContextClass(OT, Ctx))
      return true;
    return isView(OT, Ctx) && isViewIntoContext(Obj, Ctx, Depth + 1);
  }
  if (const auto* DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto* V = dyn_cast<VarDecl>(DRE->getDecl());
    if (V && V->hasLocalStorage() && isView(V->getType(), Ctx) && V->getInit())
      return isViewIntoContext(V->getInit(), Ctx, Depth + 1);
  }
  return false;
}

} // namespace clang::tidy::racelab
