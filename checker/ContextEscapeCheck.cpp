//===--- ContextEscapeCheck.cpp - racelab ------------------------------*- C++ -*-===//
#include "ContextEscapeCheck.h"

#include "ContextModel.h"
#include "SpawnAnalysis.h"

#include "clang-tidy/utils/LexerUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

std::string quoted(StringRef S) {
  return "'" + S.str() + "'";
}

// The context class behind a reference, a pointer or a smart pointer.
QualType contextClass(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    return T->getPointeeType();
  const auto* Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (Spec && Spec->getTemplateArgs().size() &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
      (Spec->getQualifiedNameAsString() == "std::shared_ptr" ||
       Spec->getQualifiedNameAsString() == "std::unique_ptr"))
    return Spec->getTemplateArgs()[0].getAsType();
  return T;
}

} // namespace

ContextEscapeCheck::ContextEscapeCheck(StringRef Name, ClangTidyContext* Context)
    : ContextCheckBase(Name, Context), CopyMethod(Options.get("CopyMethod", "copy")) {}

void ContextEscapeCheck::storeOptions(ClangTidyOptions::OptionMap& Opts) {
  ContextCheckBase::storeOptions(Opts);
  Options.store(Opts, "CopyMethod", CopyMethod);
}

void ContextEscapeCheck::check(const MatchFinder::MatchResult& Result) {
  ASTContext& Ctx = *Result.Context;
  const SourceManager& SM = *Result.SourceManager;
  const auto* E = Result.Nodes.getNodeAs<Expr>("spawn");
  std::optional<Spawn> S = describeSpawn(E, SpawnFunctions);
  if (!S)
    return;
  InTemplateInstantiation InTemplate(*E, Ctx);

  std::vector<Finding> Holders;
  for (const Expr* Arg : S->Args) {
    if (const LambdaExpr* L = lambdaOf(Arg, Ctx)) {
      for (const LambdaCapture& C : L->captures()) {
        if (C.capturesThis()) {
          // Through `this`: only when the body uses a member that refers or points to a context.
          auto Members =
              match(findAll(memberExpr(hasObjectExpression(ignoringParenImpCasts(cxxThisExpr())),
                                       member(fieldDecl().bind("field")))
                                .bind("use")),
                    *L->getBody(), Ctx);
          for (const auto& N : Members) {
            const auto* F = N.getNodeAs<FieldDecl>("field");
            Holding H = holdingOf(F->getType(), ContextTypes, Ctx);
            if (H != Holding::Reference && H != Holding::Pointer)
              continue;
            Holders.push_back({C.getLocation(), "member " + quoted(F->getName()),
                               "captured through 'this'",
                               cureFor("capture", F->getName(), contextClass(F->getType()),
                                       H == Holding::Pointer, CopyMethod),
                               std::nullopt});
            break;
          }
          continue;
        }
        if (!C.capturesVariable())
          continue;
        const ValueDecl* V = C.getCapturedVar();
        Holding H = holdingOf(V->getType(), ContextTypes, Ctx);
        if (H == Holding::None)
          continue;
        const bool ByRef = C.getCaptureKind() == LCK_ByRef;
        const bool Init = isa<VarDecl>(V) && cast<VarDecl>(V)->isInitCapture();
        std::string Name = quoted(V->getName());
        std::string Cure = cureFor("capture", V->getName(), contextClass(V->getType()),
                                   H == Holding::Pointer, CopyMethod);
        if (H == Holding::Pointer) {
          Holders.push_back({C.getLocation(), "pointer " + Name,
                             ByRef ? "captured by reference" : "captured by value", Cure,
                             std::nullopt});
          continue;
        }
        if (!ByRef)
          continue; // [c] or [x = c] copies the object itself: a snapshot, not the original
        Finding Hd{C.getLocation(), Name,
                   C.isImplicit() ? "captured by reference (by the '[&]' default)"
                                  : "captured by reference", // init-captures are explicit
                   Cure, std::nullopt};
        // The fix-it: [&c] -> [c = c.copy()], only when the body uses nothing but the copy's API.
        const bool Mutable = L->getCallOperator() && !L->getCallOperator()->isConst();
        const CXXRecordDecl* Copy = copyTypeOf(V->getType(), CopyMethod);
        if (!Init && !InTemplate() && !C.isPackExpansion() && C.getLocation().isFileID() &&
            onlyUsesCopyApi(V, L->getBody(), Copy, Mutable, Ctx)) {
          std::string Replacement =
              V->getName().str() + " = " + V->getName().str() + "." + CopyMethod + "()";
          if (C.isExplicit()) {
            Token Amp = utils::lexer::getPreviousToken(C.getLocation(), SM, getLangOpts());
            if (Amp.is(tok::amp))
              Hd.Fix = FixItHint::CreateReplacement(
                  CharSourceRange::getTokenRange(Amp.getLocation(), C.getLocation()), Replacement);
          } else if (L->getCaptureDefault() == LCD_ByRef && L->capture_size() == 1 &&
                     L->getCaptureDefaultLoc().isFileID()) {
            // [&] whose only capture is the context: the default becomes the copy.
            Hd.Fix = FixItHint::CreateReplacement(
                CharSourceRange::getTokenRange(L->getCaptureDefaultLoc()), Replacement);
          }
        }
        Holders.push_back(std::move(Hd));
      }
      continue;
    }

    // Not a lambda: std::ref(c), &c, or a pointer to a context handed over as an argument.
    const Expr* A = stripWrappers(Arg)->IgnoreCasts();
    if (const auto* Call = dyn_cast<CallExpr>(A); Call && Call->getNumArgs() == 1 &&
                                                  Call->getDirectCallee() &&
                                                  Call->getDirectCallee()->getIdentifier()) {
      std::string Q = "::" + Call->getDirectCallee()->getQualifiedNameAsString();
      const Expr* Inner = Call->getArg(0)->IgnoreParenImpCasts();
      if ((Q == "::std::ref" || Q == "::std::cref") &&
          holdingOf(Inner->getType(), ContextTypes, Ctx) != Holding::None) {
        std::string N = isa<DeclRefExpr>(Inner)
                            ? cast<DeclRefExpr>(Inner)->getDecl()->getName().str()
                            : "the context";
        Holders.push_back({A->getBeginLoc(), quoted(N), "passed by " + Q.substr(2),
                           cureFor("pass", N, contextClass(Inner->getType()), false, CopyMethod),
                           std::nullopt});
      }
      continue;
    }
    if (const auto* U = dyn_cast<UnaryOperator>(A); U && U->getOpcode() == UO_AddrOf) {
      const Expr* Inner = U->getSubExpr()->IgnoreParenImpCasts();
      if (holdingOf(Inner->getType(), ContextTypes, Ctx) != Holding::None) {
        std::string N = isa<DeclRefExpr>(Inner)
                            ? cast<DeclRefExpr>(Inner)->getDecl()->getName().str()
                            : "the context";
        Holders.push_back({A->getBeginLoc(), quoted(N), "passed by address",
                           cureFor("pass", N, contextClass(Inner->getType()), false, CopyMethod),
                           std::nullopt});
      }
      continue;
    }
    if (holdingOf(A->getType(), ContextTypes, Ctx) == Holding::Pointer) {
      std::string N = "the context";
      if (const auto* D = dyn_cast<DeclRefExpr>(A))
        N = D->getDecl()->getName().str();
      else if (const auto* M = dyn_cast<MemberExpr>(A))
        N = M->getMemberDecl()->getName().str();
      Holders.push_back({A->getBeginLoc(), "pointer " + quoted(N), "passed as an argument",
                         cureFor("pass", N, contextClass(A->getType()), true, CopyMethod),
                         std::nullopt});
    }
  }
  if (Holders.empty())
    return;

  Escape Esc = analyzeEscape(*S, Ctx, AllowScopedThreads);
  if (!Esc.Escapes)
    return;
  report(Holders, Esc,
         "original context %0 %1 escapes into %2; the context is reset or destroyed when the "
         "request ends: %3");
}

} // namespace clang::tidy::racelab
