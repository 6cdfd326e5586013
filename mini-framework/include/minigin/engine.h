// minigin::Engine: routes, middleware, the Context pool, and dispatch. Like Gin's Engine, it is
// also the root RouterGroup.
#pragma once

#include "minigin/context.h"
#include "minigin/guard.h"
#include "minigin/http.h"
#include "minigin/pool.h"
#include "minigin/router.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace minigin {

class Engine;

/// A path prefix with its own middleware (Gin's RouterGroup). Routes added through a group get
/// the engine's global middleware, then the group's, then their own handlers.
class RouterGroup {
public:
  RouterGroup& use(HandlerFunc middleware);
  RouterGroup group(std::string_view prefix, HandlersChain middleware = {});

  RouterGroup& handle(std::string_view method, std::string_view path, HandlersChain handlers);
  RouterGroup& get(std::string_view path, HandlerFunc h, auto... more) {
    return handle("GET", path, {std::move(h), std::move(more)...});
  }
  RouterGroup& post(std::string_view path, HandlerFunc h, auto... more) {
    return handle("POST", path, {std::move(h), std::move(more)...});
  }
  RouterGroup& put(std::string_view path, HandlerFunc h, auto... more) {
    return handle("PUT", path, {std::move(h), std::move(more)...});
  }
  RouterGroup& patch(std::string_view path, HandlerFunc h, auto... more) {
    return handle("PATCH", path, {std::move(h), std::move(more)...});
  }
  RouterGroup& del(std::string_view path, HandlerFunc h, auto... more) {
    return handle("DELETE", path, {std::move(h), std::move(more)...});
  }
  RouterGroup& options(std::string_view path, HandlerFunc h, auto... more) {
    return handle("OPTIONS", path, {std::move(h), std::move(more)...});
  }
  RouterGroup& head(std::string_view path, HandlerFunc h, auto... more) {
    return handle("HEAD", path, {std::move(h), std::move(more)...});
  }
  /// Registers the handlers for GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS.
  RouterGroup& any(std::string_view path, HandlersChain handlers);

  const std::string& base_path() const noexcept { return base_; }

protected:
  RouterGroup(Engine* engine, std::string base, HandlersChain mw)
      : engine_(engine), base_(std::move(base)), middleware_(std::move(mw)) {}
  Engine* engine_;
  std::string base_;
  HandlersChain middleware_;
};

struct EngineOptions {
  /// "/foo/" → "/foo" (or the reverse) with 301 for GET and 307 otherwise, when only the other
  /// form is routed (Gin's RedirectTrailingSlash).
  bool redirect_trailing_slash = true;
  /// Answer 405 with an Allow header when the path is routed for other methods only
  /// (Gin's HandleMethodNotAllowed); otherwise 404.
  bool handle_method_not_allowed = false;
  /// Peers whose X-Forwarded-For / X-Real-IP are believed: IPs or CIDRs ("10.0.0.0/8", "::1").
  /// Empty: client_ip() is always the peer address.
  std::vector<std::string> trusted_proxies;
  /// Guard mode (guard.h); defaults to what MINIGIN_GUARD says.
  GuardMode guard = guard_mode_from_env();
};

class Engine : public RouterGroup {
public:
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Global middleware: applies to routes added after this call, and to 404/405 answers.
  Engine& use(HandlerFunc middleware);
  Engine& no_route(HandlersChain handlers);
  Engine& no_method(HandlersChain handlers);

  using RouterGroup::handle;
  /// In-process dispatch, through the same pool and middleware as a real request (Go's
  /// httptest): fills `out`, reusing its storage.
  void handle(const Request& request, Response& out);
  Response handle(const Request& request);

  const EngineOptions& options() const noexcept { return options_; }
  ContextPool& pool() noexcept { return pool_; }

  /// Serves HTTP on host:port until SIGINT or SIGTERM, then shuts down gracefully.
  /// Returns 0 after a clean shutdown. See server.h for the options.
  int run(std::string_view host = "127.0.0.1", unsigned short port = 8080, unsigned threads = 0);

  // Used by the server and by Engine::handle: route and run a filled Context.
  void dispatch(Context& c);

private:
  friend class RouterGroup;
  void add_route(std::string method, std::string path, HandlersChain chain);
  void rebuild_fallback_chains();
  void add_trusted_proxy(const std::string& proxy);
  static void answer_bad_target(Response& out);

  // The steps of dispatch(), in order; those returning bool return true once they answered.
  void resolve_client_ip(Context& c) const;
  const RouteTree* tree_for(Context& c) const;
  bool run_route(Context& c, const RouteTree& tree);
  bool redirect_trailing_slash(Context& c, const RouteTree& tree);
  bool answer_method_not_allowed(Context& c);
  void run_fallback(Context& c, const HandlersChain& chain, int status, std::string_view body);

  EngineOptions options_;
  // One tree per method, sorted by name (the Allow header lists them in that order). A handful
  // of entries: a linear scan beats a map's string comparisons.
  std::vector<std::pair<std::string, RouteTree>> trees_;
  const RouteTree* find_tree(std::string_view method) const noexcept;
  HandlersChain global_;
  HandlersChain no_route_, no_method_;
  HandlersChain all_no_route_, all_no_method_; // global middleware + the above
  struct TrustedNet {
    std::array<unsigned char, 16> addr{}; // IPv4 as IPv4-mapped IPv6
    int bits = 128;
  };
  std::vector<TrustedNet> trusted_; // from options_.trusted_proxies
  ContextPool pool_;
};

} // namespace minigin
