//===--- SequentialCode.h - racelab ------------------------------------*- C++ -*-===//
//
// Code that, as far as one translation unit shows, no other thread runs at the same time: main()
// before it may have started a thread, a constructor or destructor working on its own object,
// and functions of this TU that only such code calls. Everything else (lambdas, spawned and
// handler code, and any function another TU may call) may run concurrently.
//
// Asked only about a statement a check is about to report, so its work (a look at main, one walk
// of the main file's functions) is done in the rare TU that has such a statement, once.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_SEQUENTIALCODE_H
#define RACELAB_CHECKER_SEQUENTIALCODE_H

#include "SpawnModel.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <vector>

namespace clang::tidy::racelab {

class SequentialCode {
public:
  explicit SequentialCode(const SpawnModel& Spawns);
  ~SequentialCode();
  /// Forgets what it learnt of the previous translation unit.
  void reset();

  /// True when no concurrently running code can reach `At`, an update of `Obj`.
  bool isSequential(const Stmt* At, const Expr* Obj, ASTContext& Ctx);

private:
  struct References;
  bool isSequentialFunction(const FunctionDecl* F, ASTContext& Ctx, unsigned Depth);
  bool inMainBeforeThreads(const Stmt* S);
  /// Whether `S` cannot start a thread: no spawn, and only calls that start none.
  bool startsNoThread(const Stmt* S, ASTContext& Ctx, unsigned Depth);
  bool functionStartsNoThread(const FunctionDecl* F, ASTContext& Ctx, unsigned Depth);

  const SpawnModel& Spawns;
  const FunctionDecl* Main = nullptr;
  bool MainKnown = false;
  unsigned MainPrefix = 0; // main's leading top-level statements that start no thread
  std::unique_ptr<References> Refs;
  llvm::DenseMap<const FunctionDecl*, bool> NoThread, Sequential;
};

} // namespace clang::tidy::racelab

#endif
