//===--- ContextEscapeCheck.h - racelab --------------------------------*- C++ -*-===//
#ifndef RACELAB_CHECKER_CONTEXTESCAPECHECK_H
#define RACELAB_CHECKER_CONTEXTESCAPECHECK_H

#include "ContextCheckBase.h"

namespace clang::tidy::racelab {

/// Flags the original request context (by reference, pointer, std::ref, address or through
/// `this`) handed to code that runs on another thread and may outlive the request.
///
/// For the user-facing documentation see: docs/checks/racelab-context-escape.md
class ContextEscapeCheck : public ContextCheckBase {
public:
  ContextEscapeCheck(StringRef Name, ClangTidyContext* Context);

private:
  std::vector<Finding> collectFindings(SpawnSite& Site) override;
  void collectCaptures(const LambdaExpr* L, SpawnSite& Site, std::vector<Finding>& Out);
  std::optional<Finding> captureThroughThis(const LambdaCapture& C, const LambdaExpr* L,
                                            SpawnSite& Site);
  std::optional<Finding> captureOfVariable(const LambdaCapture& C, const LambdaExpr* L,
                                           SpawnSite& Site);
  std::optional<FixItHint> copyFixIt(const LambdaCapture& C, const LambdaExpr* L, SpawnSite& Site);
  std::optional<Finding> argumentFinding(const Expr* Arg, ASTContext& Ctx);
  std::optional<Finding> rawThisOfSharedObject(const LambdaCapture& C, const LambdaExpr* L,
                                               SpawnSite& Site);
  std::optional<Finding> localByReference(const Expr* Arg, SpawnSite& Site);
  std::optional<Finding> heldByObject(const Expr* Arg, SpawnSite& Site);
  std::optional<Finding> callbackParameter(const LambdaCapture& C, SpawnSite& Site);
  std::optional<Finding> operationParameter(const LambdaCapture& C, SpawnSite& Site);
  std::string loopBoundCure(StringRef Name, bool ByRef, const ContextHandle& H, SpawnSite& Site);
  bool staysOnItsLoop(const ValueDecl* V, const LambdaExpr* L, const ContextHandle& H,
                      SpawnSite& Site);
};

} // namespace clang::tidy::racelab

#endif
