//===--- ContextViewEscapeCheck.h - racelab ----------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_CONTEXTVIEWESCAPECHECK_H
#define RACELAB_CHECKER_CONTEXTVIEWESCAPECHECK_H

#include "ContextCheckBase.h"

namespace clang::tidy::racelab {

/// Flags a non-owning view (std::string_view, std::span, const char*) into the request
/// context's storage handed to code that runs on another thread and may outlive the request.
///
/// For the user-facing documentation see: docs/checks/racelab-context-view-escape.md
class ContextViewEscapeCheck : public ContextCheckBase {
public:
  ContextViewEscapeCheck(StringRef Name, ClangTidyContext* Context);

private:
  std::vector<Finding> collectFindings(SpawnSite& Site) override;
  std::optional<Finding> captureFinding(const LambdaCapture& C, const LambdaExpr* L,
                                        SpawnSite& Site);
  Finding viewCaptureFinding(const LambdaCapture& C, const VarDecl* V, std::string How,
                             SpawnSite& Site);
  /// A view or reference whose storage the request owns, reached through accessors of a
  /// context, through a handle the work does not copy, or from a request-scoped parameter.
  std::optional<Finding> borrowedFinding(const LambdaCapture& C, const VarDecl* V,
                                         const LambdaExpr* L, SpawnSite& Site);
  std::optional<Finding> iteratorFinding(const LambdaCapture& C, const VarDecl* V,
                                         const VarDecl* From, bool ViaArrow, const LambdaExpr* L,
                                         SpawnSite& Site);
  std::optional<Finding> parameterViewFinding(const LambdaCapture& C, const VarDecl* V,
                                              const ParmVarDecl* P, SpawnSite& Site,
                                              bool Reference);
  std::optional<Finding> initCaptureFinding(const LambdaCapture& C, const VarDecl* V,
                                            SpawnSite& Site);
  std::optional<Finding> argumentFinding(const Expr* Arg, ASTContext& Ctx);
  Finding referenceFinding(const LambdaCapture& C, const VarDecl* V, const std::string& How);
  /// ContextModel's views into a context, and views of the context's own strings: a field of
  /// a context object (`req.body`) or what a context's getter returns by reference.
  bool isViewIntoRequest(const Expr* E, ASTContext& Ctx, int Depth = 0) const;
  bool isContextStorage(const Expr* Obj, ASTContext& Ctx) const;
  bool isHandleRoot(const VarDecl* V, bool ViaArrow, ASTContext& Ctx) const;
  bool keepsHandle(const LambdaExpr* L, const VarDecl* Handle, ASTContext& Ctx) const;
};

} // namespace clang::tidy::racelab

#endif
