//===--- ContextModel.h - racelab --------------------------------------*- C++ -*-===//
//
// The type model of the context checks: what is a request context (the classes of
// ContextTypes, and what derives from them), how a value holds one (the object, a reference, a
// pointer, a smart pointer), what a view into one is, and what the context's copy method offers,
// which decides whether a fix-it is exact. Its options are read here, once, local-or-global.
//
//===----------------------------------------------------------------------===//
#ifndef RACELAB_CHECKER_CONTEXTMODEL_H
#define RACELAB_CHECKER_CONTEXTMODEL_H

#include "FrameworkProfiles.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"

#include <string>
#include <vector>

namespace clang::tidy::racelab {

enum class Holding { None, Object, Reference, Pointer };

/// How a value holds a context, and the context's class. A std::shared_ptr or std::unique_ptr
/// to a context counts as the context object itself: held by value it owns the context, held by
/// reference it dangles like a reference to the context.
struct ContextHandle {
  Holding How = Holding::None;
  QualType Class; ///< the context class behind the reference, pointer or smart pointer
  /// Held through a std::shared_ptr (restbed's `std::shared_ptr<Session>`): a copy of that
  /// shared_ptr is the cure, whatever the class allows.
  bool SharedOwner = false;
  explicit operator bool() const { return How != Holding::None; }
};

class ContextModel {
public:
  /// The option a check reads besides ContextTypes: CopyMethod for the checks that suggest
  /// `c.copy()`, ViewTypes for the checks that follow views.
  enum class AlsoReads { CopyMethod, ViewTypes };
  /// `Profiles` (owned by the check, outliving the model) add their request types to
  /// ContextTypes when they are on.
  ContextModel(ClangTidyCheck::OptionsView& Options, AlsoReads Extra,
               const FrameworkProfiles& Profiles);
  void storeOptions(ClangTidyCheck::OptionsView& Options, ClangTidyOptions::OptionMap& Opts) const;

  /// False when neither ContextTypes nor a profile names a context: nothing to look for.
  bool knowsContexts() const { return !ContextTypes.empty() || !ProfileTypes.empty(); }

  // ---- Contexts --------------------------------------------------------------------------
  ContextHandle handleOf(QualType T, ASTContext& Ctx) const;
  bool isContextClass(QualType T, ASTContext& Ctx) const;
  StringRef copyMethod() const { return CopyMethod; }

  /// The cure to print for a context named `Name` held as `H`: its copy method when it has one,
  /// else a copy of the object when it is copyable, else owning values. `Verb`: "capture", "pass".
  std::string cureFor(StringRef Verb, StringRef Name, const ContextHandle& H) const;

  /// The class of the copy `Context::<CopyMethod>() const` returns, or nullptr when the context
  /// class (of `ContextType`, through references) has no such zero-argument const method
  /// returning a class by value.
  const CXXRecordDecl* copyClassOf(QualType ContextType) const;

  /// True when every use of `V` inside `Body` is a call `V.m(...)` of a member function `m` that
  /// `Copy` also has (const, unless `Mutable`): then `[V = V.copy()]` compiles and means the
  /// same thing.
  bool onlyUsesCopyApi(const ValueDecl* V, const Stmt* Body, const CXXRecordDecl* Copy,
                       bool Mutable, ASTContext& Ctx) const;

  // ---- Views into a context --------------------------------------------------------------
  /// A non-owning view: one of ViewTypes, or a `const char*`.
  bool isView(QualType T, ASTContext& Ctx) const;
  /// The owning string that copies a std::basic_string_view exactly ("std::string" for
  /// string_view, "std::u8string" for u8string_view, ...), from the view's character type;
  /// "" for any other view.
  std::string owningStringOf(QualType T) const;
  /// True when `E` is a view obtained from a context: a call on a context returning a view, a
  /// view derived from such a view (data(), substr()), or a local view initialised so.
  bool isViewIntoContext(const Expr* E, ASTContext& Ctx, int Depth = 0) const;

private:
  QualType throughSmartPointer(QualType T, ASTContext& Ctx) const;

  const FrameworkProfiles& Profiles;
  const std::string RawContextTypes;
  const AlsoReads Extra;
  const std::string CopyMethod;
  const std::string RawViewTypes;
  std::vector<std::string> ContextTypes;
  std::vector<std::string> ProfileTypes; // request and handle types of every selectable profile
  std::vector<std::string> ViewTypes;
};

} // namespace clang::tidy::racelab

#endif
