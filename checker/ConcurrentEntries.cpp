//===--- ConcurrentEntries.cpp - racelab -------------------------------*- C++ -*-===//
#include "ConcurrentEntries.h"

#include "AstUtils.h"
#include "SpawnModel.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::racelab {

namespace {

// "::A=::B;::C=::D": a class, '=', the type its concurrent members return.
std::vector<MemberRule> parseMemberRules(StringRef Option) {
  std::vector<MemberRule> Out;
  for (StringRef Entry : utils::options::parseStringList(Option)) {
    auto [Class, Type] = Entry.split('=');
    std::vector<std::string> C = parseQualifiedNames(Class), T = parseQualifiedNames(Type);
    if (C.size() == 1 && T.size() == 1)
      Out.push_back({C.front(), T.front()});
  }
  return Out;
}

// "::A::m;::B::m=::B::Config::threads": a member, optionally '=' its thread-count member.
std::vector<TableRule> parseTableRules(StringRef Option) {
  std::vector<TableRule> Out;
  for (StringRef Entry : utils::options::parseStringList(Option)) {
    auto [Member, Threads] = Entry.split('=');
    std::vector<std::string> M = parseQualifiedNames(Member), T = parseQualifiedNames(Threads);
    if (M.size() == 1 && T.size() <= 1)
      Out.push_back({M.front(), T.empty() ? "" : T.front()});
  }
  return Out;
}

// The member `E` indexes into: `server.resource` in `server.resource["^/x$"]["GET"]` (one
// subscript at least: the element, not the table, is assigned).
const MemberExpr* indexedMember(const Expr* E) {
  bool Indexed = false;
  E = E->IgnoreParenImpCasts();
  while (const auto* Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_Subscript || Op->getNumArgs() != 2)
      return nullptr;
    Indexed = true;
    E = Op->getArg(0)->IgnoreParenImpCasts();
  }
  return Indexed ? dyn_cast<MemberExpr>(E) : nullptr;
}

// `x = 1`: the literal 1, which leaves a thread pool at one thread.
bool isLiteralOne(const Expr* E) {
  const auto* L = dyn_cast<IntegerLiteral>(E->IgnoreParenImpCasts());
  return L && L->getValue() == 1;
}

// The class of `T`, `T*` or `T&`.
const CXXRecordDecl* namedRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (!T->getPointeeType().isNull())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

// Whether `F` returns one of `Types`: by value, pointer or reference, or as the first template
// argument of the class it returns (`std::shared_ptr<T>`, what oatpp's endpoints return).
template <typename Names> bool returnsOneOf(const FunctionDecl* F, const Names& Types) {
  const CXXRecordDecl* R = namedRecord(F->getReturnType());
  if (!R)
    return false;
  if (const auto* Spec = dyn_cast<ClassTemplateSpecializationDecl>(R);
      Spec && Spec->getTemplateArgs().size() > 0 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    if (const CXXRecordDecl* Arg = namedRecord(Spec->getTemplateArgs()[0].getAsType());
        Arg && isNamedOneOf(Arg, Types))
      return true;
  return isNamedOneOf(R, Types);
}

bool derivesFromOneOf(const CXXRecordDecl* R, const std::vector<std::string>& Classes,
                      ASTContext& Ctx) {
  return R && R->hasDefinition() &&
         isOneOfClasses(Ctx.getRecordType(R->getDefinition()), Classes, Ctx);
}

// The declaration a qualified name ("::glz::REST") names, looked up scope by scope from the
// translation unit (no walk of its declarations).
const NamedDecl* lookupQualified(StringRef Name, ASTContext& Ctx) {
  llvm::SmallVector<StringRef, 4> Parts;
  Name.ltrim(':').split(Parts, "::");
  const DeclContext* Scope = Ctx.getTranslationUnitDecl();
  const NamedDecl* Found = nullptr;
  for (StringRef Part : Parts) {
    if (!Scope)
      return nullptr;
    auto Result = Scope->lookup(&Ctx.Idents.get(Part));
    Found = Result.empty() ? nullptr : Result.front();
    if (!Found)
      return nullptr;
    Scope = dyn_cast<DeclContext>(Found);
  }
  return Found;
}

// Whether the last template argument of `M`'s class equals the constant `Name` (empty: any).
bool hasProtocol(const CXXMethodDecl* M, StringRef Name, ASTContext& Ctx) {
  if (Name.empty())
    return true;
  const auto* Spec = dyn_cast<ClassTemplateSpecializationDecl>(M->getParent());
  const auto* V = dyn_cast_or_null<VarDecl>(lookupQualified(Name, Ctx));
  const Expr* Init = V ? V->getAnyInitializer() : nullptr;
  Expr::EvalResult Want;
  if (!Spec || Spec->getTemplateArgs().size() == 0 || !Init || !Init->EvaluateAsInt(Want, Ctx))
    return false;
  const TemplateArgument& Last = Spec->getTemplateArgs()[Spec->getTemplateArgs().size() - 1];
  return Last.getKind() == TemplateArgument::Integral &&
         llvm::APSInt::isSameValue(Last.getAsIntegral(), Want.Val.getInt());
}

// The initializer of `value` in the specialization of the class template `Meta` for `Class`
// (`glz::meta<T>::value = glz::object(&T::get, ...)`).
const Expr* metadataOf(const CXXRecordDecl* Class, StringRef Meta, ASTContext& Ctx) {
  const auto* Template = dyn_cast_or_null<ClassTemplateDecl>(lookupQualified(Meta, Ctx));
  if (!Template || !Class)
    return nullptr;
  void* Pos = nullptr;
  TemplateArgument Arg(Ctx.getCanonicalType(Ctx.getRecordType(Class)));
  const ClassTemplateSpecializationDecl* Spec =
      const_cast<ClassTemplateDecl*>(Template)->findSpecialization(Arg, Pos);
  Spec = Spec ? dyn_cast_or_null<ClassTemplateSpecializationDecl>(Spec->getDefinition()) : nullptr;
  if (!Spec)
    return nullptr;
  auto Found = Spec->lookup(&Ctx.Idents.get("value"));
  const auto* Value = Found.empty() ? nullptr : dyn_cast<VarDecl>(Found.front());
  return Value ? Value->getAnyInitializer() : nullptr;
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
AST_MATCHER_P(CXXMethodDecl, returnsOneOfTypes, NameList, Types) {
  return returnsOneOf(&Node, Types);
}
// The operator first (an enum test), then the member's last name: rejects almost every call.
AST_MATCHER_P(CXXOperatorCallExpr, assignsIntoElementOf, NameList, Members) {
  if (Node.getOperator() != OO_Equal || Node.getNumArgs() != 2)
    return false;
  const MemberExpr* M = indexedMember(Node.getArg(0));
  return M && isNamedOneOf(M->getMemberDecl(), Members);
}
#pragma clang diagnostic pop

} // namespace

ConcurrentEntries::ConcurrentEntries(ClangTidyCheck::OptionsView& Options,
                                     const FrameworkProfiles& Profiles)
    : Profiles(Profiles), RawHandlers(Options.getLocalOrGlobal("ConcurrentHandlers", "")),
      RawBases(Options.getLocalOrGlobal("ConcurrentBases", "")),
      RawMembers(Options.getLocalOrGlobal("ConcurrentMembers", "")),
      RawTables(Options.getLocalOrGlobal("HandlerTables", "")),
      RawRegistrations(Options.getLocalOrGlobal("RegisteredEntries", "")),
      UserHandlers(parseQualifiedNames(RawHandlers)), UserBases(parseQualifiedNames(RawBases)),
      UserRegistrations(parseQualifiedNames(RawRegistrations)), AnyRegistrations(UserRegistrations),
      UserMembers(parseMemberRules(RawMembers)), AnyHandlers(UserHandlers), AnyBases(UserBases),
      AnyMembers(UserMembers), UserTables(parseTableRules(RawTables)), AnyTables(UserTables) {
  for (std::string& N : Profiles.namesOf(ProfileRole::ConcurrentHandler))
    AnyHandlers.push_back(std::move(N));
  for (std::string& N : Profiles.namesOf(ProfileRole::ConcurrentBase))
    AnyBases.push_back(std::move(N));
  for (const MemberRule& R :
       parseMemberRules(llvm::join(Profiles.namesOf(ProfileRole::ConcurrentMembers), ";")))
    AnyMembers.push_back(R);
  for (std::string& N : Profiles.namesOf(ProfileRole::RegisteredEntry))
    AnyRegistrations.push_back(std::move(N));
  for (std::string& N : Profiles.namesOf(ProfileRole::RegisteredObject))
    AnyObjectRegistrations.push_back(std::move(N));
  for (std::string& N : Profiles.namesOf(ProfileRole::HandlerTable)) // for the matcher
    AnyTables.push_back({std::move(N), ""});
}

void ConcurrentEntries::storeOptions(ClangTidyCheck::OptionsView& Options,
                                     ClangTidyOptions::OptionMap& Opts) const {
  Options.store(Opts, "ConcurrentHandlers", RawHandlers);
  Options.store(Opts, "ConcurrentBases", RawBases);
  Options.store(Opts, "ConcurrentMembers", RawMembers);
  Options.store(Opts, "HandlerTables", RawTables);
  Options.store(Opts, "RegisteredEntries", RawRegistrations);
}

void ConcurrentEntries::registerMatchers(MatchFinder* Finder,
                                         MatchFinder::MatchCallback* Callback) const {
  auto NotSystem = unless(isExpansionInSystemHeader());
  if (!AnyHandlers.empty() || !AnyBases.empty())
    Finder->addMatcher(
        cxxMethodDecl(isDefinition(), isOverride(), NotSystem, unless(cxxDestructorDecl()))
            .bind("handler"),
        Callback);
  if (!AnyTables.empty()) {
    std::vector<std::string> Members;
    for (const TableRule& R : AnyTables)
      Members.push_back(R.Member);
    Finder->addMatcher(cxxOperatorCallExpr(assignsIntoElementOf(nameList(Members)), NotSystem)
                           .bind("table-assign"),
                       Callback);
  }
  // The callee's last name first: it rejects almost every call (the registration is a call in
  // the controller's static initPathRouting(), its method maybe defined in another file).
  // One matcher for both kinds (each matcher costs a test of every call of the TU); the callback
  // tells them apart by name.
  std::vector<std::string> Registrations = AnyRegistrations;
  Registrations.insert(Registrations.end(), AnyObjectRegistrations.begin(),
                       AnyObjectRegistrations.end());
  if (!Registrations.empty())
    Finder->addMatcher(
        callExpr(calleeNamedOneOf(nameList(Registrations)), NotSystem).bind("registration"),
        Callback);
  if (AnyMembers.empty())
    return;
  std::vector<std::string> Classes, Types;
  for (const MemberRule& R : AnyMembers)
    Classes.push_back(R.Class), Types.push_back(R.Type);
  // The return type first: it rejects almost every method by its last name alone.
  Finder->addMatcher(
      cxxMethodDecl(
          isDefinition(), unless(isOverride()), returnsOneOfTypes(nameList(Types)), NotSystem,
          ofClass(cxxRecordDecl(isDerivedFrom(cxxRecordDecl(namedOneOf(nameList(Classes)))))))
          .bind("handler"),
      Callback);
}

std::vector<std::string> ConcurrentEntries::activeNames(ProfileRole Role,
                                                        const std::vector<std::string>& User,
                                                        ASTContext& Ctx) const {
  std::vector<std::string> Out = User;
  for (const ProfileName* N : Profiles.activeEntries(Role, Ctx))
    Out.push_back(N->Name);
  return Out;
}

std::optional<ConcurrentEntry> ConcurrentEntries::describe(const CXXMethodDecl* M,
                                                           ASTContext& Ctx) const {
  if (M->size_overridden_methods() > 0)
    return describeOverride(M, Ctx);
  return describeMember(M, Ctx);
}

// An override of a listed method, or of any virtual declared in (or below) a listed base: the
// user's `Foo::Service` subclass overrides the virtuals of protoc's generated `Foo::Service`,
// which derives from `::grpc::Service`.
std::optional<ConcurrentEntry> ConcurrentEntries::describeOverride(const CXXMethodDecl* M,
                                                                   ASTContext& Ctx) const {
  std::vector<std::string> Handlers, Bases;
  bool Asked = false;
  llvm::SmallVector<const CXXMethodDecl*, 4> Work(M->begin_overridden_methods(),
                                                  M->end_overridden_methods());
  for (unsigned I = 0; I < Work.size() && I < 64; ++I) {
    const CXXMethodDecl* O = Work[I];
    if (!Asked) {
      Handlers = activeNames(ProfileRole::ConcurrentHandler, UserHandlers, Ctx);
      Bases = activeNames(ProfileRole::ConcurrentBase, UserBases, Ctx);
      Asked = true;
    }
    if (isNamedOneOf(O, Handlers))
      return ConcurrentEntry{"it overrides '" + templateFreeName(O) +
                                 "', which the framework calls concurrently",
                             false};
    for (const std::string& B : Bases)
      if (derivesFromOneOf(O->getParent(), {B}, Ctx))
        return ConcurrentEntry{"it overrides '" + templateFreeName(O) +
                                   "' of a class derived from '" + B +
                                   "', whose methods the framework calls concurrently on one "
                                   "object",
                               true};
    Work.append(O->begin_overridden_methods(), O->end_overridden_methods());
  }
  return std::nullopt;
}

// A member returning a listed type in a class derived from a listed base: oatpp's ENDPOINT
// expands to such a member (`std::shared_ptr<OutgoingResponse> NAME(...)`), whatever macros
// spell it.
std::optional<ConcurrentEntry> ConcurrentEntries::describeMember(const CXXMethodDecl* M,
                                                                 ASTContext& Ctx) const {
  std::vector<MemberRule> Rules = UserMembers;
  for (const MemberRule& R :
       parseMemberRules(llvm::join(activeNames(ProfileRole::ConcurrentMembers, {}, Ctx), ";")))
    Rules.push_back(R);
  for (const MemberRule& R : Rules)
    if (returnsOneOf(M, std::vector<std::string>{R.Type}) &&
        derivesFromOneOf(M->getParent(), {R.Class}, Ctx))
      return ConcurrentEntry{"it returns '" + R.Type + "' in a class derived from '" + R.Class +
                                 "', which the framework calls concurrently on one object",
                             true};
  return std::nullopt;
}

// `&C::get` among the arguments of a registration function: drogon's ADD_METHOD_TO and
// METHOD_ADD hand the controller's method to HttpController::registerMethod, and drogon calls it
// on the one controller object from every I/O thread.
std::vector<RegisteredMethod> ConcurrentEntries::describeRegistration(const CallExpr* Call,
                                                                      ASTContext& Ctx) const {
  std::vector<RegisteredMethod> Out;
  const FunctionDecl* Callee = Call->getDirectCallee();
  if (!Callee ||
      !isNamedOneOf(Callee, activeNames(ProfileRole::RegisteredEntry, UserRegistrations, Ctx)))
    return Out;
  for (const Expr* Arg : Call->arguments()) {
    const auto* Addr = dyn_cast<UnaryOperator>(stripWrappers(Arg));
    const auto* Ref = Addr && Addr->getOpcode() == UO_AddrOf
                          ? dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParens())
                          : nullptr;
    const auto* M = Ref ? dyn_cast<CXXMethodDecl>(Ref->getDecl()) : nullptr;
    const FunctionDecl* Def = nullptr;
    if (!M || M->isStatic() || !M->hasBody(Def))
      continue;
    Out.push_back({cast<CXXMethodDecl>(Def),
                   {"it is registered here with '" + templateFreeName(Callee) +
                        "', and the framework calls it concurrently on one object",
                    true, Ctx.getSourceManager().getFileLoc(Ref->getBeginLoc())}});
  }
  return Out;
}

// `registry.on(service)` on glaze's REST registry: the server's threads call the methods that
// glz::meta<Service> lists on the one `service`. The registry of another protocol (REPE,
// JSON-RPC) is called by whoever the user hands it to, and is not an entry point here.
std::vector<RegisteredMethod>
ConcurrentEntries::describeObjectRegistration(const CXXMemberCallExpr* Call,
                                              ASTContext& Ctx) const {
  std::vector<RegisteredMethod> Out;
  const CXXMethodDecl* Callee = Call->getMethodDecl();
  if (!Callee || Call->getNumArgs() == 0)
    return Out;
  const CXXRecordDecl* Class = namedRecord(Call->getArg(0)->getType());
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::RegisteredObject, Ctx)) {
    auto [Meta, Protocol] = StringRef(N->Methods).split(';');
    if (!isNamedOneOf(Callee, std::vector<std::string>{N->Name}) ||
        !hasProtocol(Callee, Protocol, Ctx))
      continue;
    const Expr* Init = metadataOf(Class, Meta, Ctx);
    if (!Init)
      return Out;
    auto Listed = unaryOperator(hasOperatorName("&"),
                                hasUnaryOperand(declRefExpr(to(cxxMethodDecl().bind("m")))));
    for (const auto& B : match(findAll(Listed), *Init, Ctx)) {
      const auto* M = B.getNodeAs<CXXMethodDecl>("m");
      const FunctionDecl* Def = nullptr;
      if (M->isStatic() || !M->hasBody(Def))
        continue;
      Out.push_back({cast<CXXMethodDecl>(Def),
                     {"it is listed in '" + Meta.str() + "' of the object registered here with '" +
                          N->Name + "', and the framework calls it concurrently on that object",
                      true, Ctx.getSourceManager().getFileLoc(Call->getExprLoc())}});
    }
    return Out;
  }
  return Out;
}

// A lambda assigned into an element of a handler table whose rule is on. With a thread-count
// member, only when the function that fills the table sets it to something other than 1: the
// default of Simple-Web-Server's thread_pool_size is 1, one thread for every handler.
std::optional<TableHandler>
ConcurrentEntries::describeTableAssignment(const CXXOperatorCallExpr* Assign,
                                           ASTContext& Ctx) const {
  const MemberExpr* M = indexedMember(Assign->getArg(0));
  const LambdaExpr* L = lambdaOf(Assign->getArg(1));
  if (!M || !L)
    return std::nullopt;
  std::vector<TableRule> Rules = UserTables;
  for (const ProfileName* N : Profiles.activeEntries(ProfileRole::HandlerTable, Ctx))
    Rules.push_back({N->Name, N->Methods});
  const auto* Filler = dyn_cast<FunctionDecl>(L->getLambdaClass()->getDeclContext());
  for (const TableRule& R : Rules) {
    if (!isNamedOneOf(M->getMemberDecl(), std::vector<std::string>{R.Member}))
      continue;
    if (R.Threads.empty())
      return TableHandler{L, R.Member, nullptr};
    if (!Filler || !Filler->getBody())
      continue;
    auto SetThreads = binaryOperator(hasOperatorName("="),
                                     hasLHS(memberExpr(member(namedOneOf(nameList({R.Threads}))))))
                          .bind("set");
    for (const auto& N : match(findAll(SetThreads), *Filler->getBody(), Ctx))
      if (const auto* Set = N.getNodeAs<BinaryOperator>("set"); !isLiteralOne(Set->getRHS()))
        return TableHandler{L, R.Member, Set};
  }
  return std::nullopt;
}

} // namespace clang::tidy::racelab
