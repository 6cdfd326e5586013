//===--- ContextViewEscapeCheck.cpp - racelab --------------------------*- C++ -*-===//
#include "ContextViewEscapeCheck.h"

#include "ContextModel.h"
#include "SpawnAnalysis.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

ContextViewEscapeCheck::ContextViewEscapeCheck(StringRef Name, ClangTidyContext* Context)
    : ContextCheckBase(Name, Context),
      RawViewTypes(Options.get("ViewTypes", "::std::basic_string_view;::std::span")),
      ViewTypes(parseQualifiedNames(RawViewTypes)) {}

void ContextViewEscapeCheck::storeOptions(ClangTidyOptions::OptionMap& Opts) {
  ContextCheckBase::storeOptions(Opts);
  Options.store(Opts, "ViewTypes", RawViewTypes);
}

bool ContextViewEscapeCheck::isView(QualType T, ASTContext& Ctx) const {
  T = T.getNonReferenceType();
  if (T->isPointerType()) // const char*
    return T->getPointeeType()->isCharType();
  return isOneOfClasses(T, ViewTypes, Ctx);
}

bool ContextViewEscapeCheck::isStringView(QualType T, ASTContext& Ctx) const {
  return isOneOfClasses(T.getNonReferenceType(), {"::std::basic_string_view"}, Ctx) &&
         T.getNonReferenceType()->getAsCXXRecordDecl() &&
         T.getNonReferenceType().getCanonicalType().getAsString().find("<char") !=
             std::string::npos;
}

// True when `E` is a view obtained from a context: a call on a context object returning a view,
// a view derived from such a view (data(), substr()), or a local view variable initialised so.
bool ContextViewEscapeCheck::viewFromContext(const Expr* E, ASTContext& Ctx, int Depth) const {
  if (!E || Depth > 8)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto* CE = dyn_cast<CXXConstructExpr>(E)) {
    if (!isView(CE->getType(), Ctx))
      return false; // std::string(view): an owning copy
    for (const Expr* A : CE->arguments())
      if (viewFromContext(A, Ctx, Depth + 1))
        return true;
    return false;
  }
  if (const auto* MC = dyn_cast<CXXMemberCallExpr>(E)) {
    if (!isView(MC->getType(), Ctx))
      return false;
    const Expr* Obj = MC->getImplicitObjectArgument();
    if (!Obj)
      return false;
    // Through the implicit derived-to-base cast: minigin's accessors live in a CRTP base.
    QualType OT = Obj->IgnoreParenImpCasts()->getType();
    if (OT->isPointerType())
      OT = OT->getPointeeType();
    if (isOneOfClasses(OT, ContextTypes, Ctx))
      return true;
    return isView(OT, Ctx) && viewFromContext(Obj, Ctx, Depth + 1);
  }
  if (const auto* DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto* V = dyn_cast<VarDecl>(DRE->getDecl());
    if (V && V->hasLocalStorage() && isView(V->getType(), Ctx) && V->getInit())
      return viewFromContext(V->getInit(), Ctx, Depth + 1);
  }
  return false;
}

void ContextViewEscapeCheck::check(const MatchFinder::MatchResult& Result) {
  ASTContext& Ctx = *Result.Context;
  const auto* E = Result.Nodes.getNodeAs<Expr>("spawn");
  std::optional<Spawn> S = describeSpawn(E, SpawnFunctions);
  if (!S)
    return;
  InTemplateInstantiation InTemplate(*E, Ctx);

  // A finding's name is "'uid' " (it prefixes the message's "into ...") or "" for an unnamed
  // argument.
  std::vector<Finding> Findings;
  for (const Expr* Arg : S->Args) {
    if (const LambdaExpr* L = lambdaOf(Arg, Ctx)) {
      for (const LambdaCapture& C : L->captures()) {
        if (!C.capturesVariable())
          continue;
        const auto* V = dyn_cast<VarDecl>(C.getCapturedVar());
        if (!V || !isView(V->getType(), Ctx))
          continue;
        std::string Name = V->getName().str();
        if (V->isInitCapture()) {
          if (!viewFromContext(V->getInit(), Ctx))
            continue;
          Finding F{C.getLocation(), "'" + Name + "' ",
                    "initialized from the request context in the capture",
                    "capture an owning 'std::string' instead", std::nullopt};
          const Expr* Init = V->getInit()->IgnoreImplicit();
          if (!InTemplate() && isStringView(V->getType(), Ctx) && Init->getBeginLoc().isFileID() &&
              Init->getEndLoc().isFileID()) {
            CharSourceRange R = CharSourceRange::getTokenRange(Init->getSourceRange());
            StringRef Text = Lexer::getSourceText(R, *Result.SourceManager, getLangOpts());
            if (!Text.empty())
              F.Fix = FixItHint::CreateReplacement(R, "std::string(" + Text.str() + ")");
          }
          Findings.push_back(std::move(F));
          continue;
        }
        if (!viewFromContext(V->getInit(), Ctx))
          continue;
        const bool ByRef = C.getCaptureKind() == LCK_ByRef;
        Finding F{C.getLocation(), "'" + Name + "' ",
                  ByRef ? "into the request context captured by reference"
                        : "into the request context captured by value",
                  "capture 'std::string(" + Name + ")' instead", std::nullopt};
        // [uid] -> [uid = std::string(uid)]: exact for a string_view captured by name.
        if (!ByRef && !InTemplate() && C.isExplicit() && isStringView(V->getType(), Ctx) &&
            C.getLocation().isFileID())
          F.Fix = FixItHint::CreateReplacement(CharSourceRange::getTokenRange(C.getLocation()),
                                               Name + " = std::string(" + Name + ")");
        Findings.push_back(std::move(F));
      }
      continue;
    }
    const Expr* A = stripWrappers(Arg);
    if (isView(A->getType(), Ctx) && viewFromContext(A, Ctx)) {
      std::string Name;
      if (const auto* D = dyn_cast<DeclRefExpr>(A->IgnoreImplicit()))
        Name = "'" + D->getDecl()->getName().str() + "' ";
      Findings.push_back({A->getBeginLoc(), Name, "into the request context passed as an argument",
                          "pass an owning 'std::string' instead", std::nullopt});
    }
  }
  if (Findings.empty())
    return;
  Escape Esc = analyzeEscape(*S, Ctx, AllowScopedThreads);
  if (!Esc.Escapes)
    return;
  report(Findings, Esc,
         "view %0%1 escapes into %2; it points into the context's storage, which is reused or "
         "freed when the request ends: %3");
}

} // namespace clang::tidy::racelab
