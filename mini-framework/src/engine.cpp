#include "minigin/engine.h"
#include "minigin/server.h"

#include "context_lifecycle.h"
#include "request_filler.h"

#include <algorithm>
#include <stdexcept>

namespace minigin {

using Lifecycle = Context::Lifecycle;

Engine::Engine(EngineOptions options)
    : RouterGroup(this, "/", {}), options_(std::move(options)), pool_(options_.guard) {
  for (const std::string& proxy : options_.trusted_proxies)
    add_trusted_proxy(proxy);
}

Engine::~Engine() = default;

// ---- Building: routes, middleware, the 404/405 chains ------------------------------------

Engine& Engine::use(HandlerFunc middleware) {
  global_.push_back(std::move(middleware));
  // Like Gin's engine.Use: routes already added keep their chains, the 404/405 ones follow.
  rebuild_fallback_chains();
  return *this;
}

Engine& Engine::no_route(HandlersChain handlers) {
  no_route_ = std::move(handlers);
  rebuild_fallback_chains();
  return *this;
}

Engine& Engine::no_method(HandlersChain handlers) {
  no_method_ = std::move(handlers);
  rebuild_fallback_chains();
  return *this;
}

void Engine::rebuild_fallback_chains() {
  all_no_route_ = global_;
  all_no_route_.insert(all_no_route_.end(), no_route_.begin(), no_route_.end());
  all_no_method_ = global_;
  all_no_method_.insert(all_no_method_.end(), no_method_.begin(), no_method_.end());
}

void Engine::add_route(std::string method, std::string path, HandlersChain chain) {
  if (method.empty())
    throw std::invalid_argument("minigin: route '" + path + "' has an empty method");
  auto it =
      std::find_if(trees_.begin(), trees_.end(), [&](const auto& t) { return t.first == method; });
  if (it == trees_.end()) {
    it = std::lower_bound(trees_.begin(), trees_.end(), method,
                          [](const auto& t, const std::string& m) { return t.first < m; });
    it = trees_.insert(it, {method, RouteTree()});
  }
  it->second.add(path, std::move(chain));
}

const RouteTree* Engine::find_tree(std::string_view method) const noexcept {
  for (const auto& [m, t] : trees_)
    if (m.size() == method.size() && m == method)
      return &t;
  return nullptr;
}

// ---- Dispatch: Gin's handleHTTPRequest -----------------------------------------------------

void Engine::dispatch(Context& c) {
  Lifecycle::describe_to_guard(c);
  resolve_client_ip(c);
  const RouteTree* tree = tree_for(c);
  if (tree && (run_route(c, *tree) || redirect_trailing_slash(c, *tree)))
    return;
  if (options_.handle_method_not_allowed && answer_method_not_allowed(c))
    return;
  run_fallback(c, all_no_route_, 404, "404 page not found");
}

const RouteTree* Engine::tree_for(Context& c) const {
  const detail::FieldsView& req = Lifecycle::request(c);
  std::vector<Field>& params = Lifecycle::route_params(c);
  const RouteTree* tree = find_tree(req.method);
  // HEAD falls back to GET when no HEAD route exists; the server drops the body.
  if (req.method == "HEAD" && (!tree || !tree->find(req.path, params)))
    tree = find_tree("GET");
  params.clear();
  return tree;
}

bool Engine::run_route(Context& c, const RouteTree& tree) {
  const Route* route = tree.find(Lifecycle::request(c).path, Lifecycle::route_params(c));
  if (!route)
    return false;
  Lifecycle::bind_route(c, *route);
  c.next();
  return true;
}

bool Engine::redirect_trailing_slash(Context& c, const RouteTree& tree) {
  const detail::FieldsView& req = Lifecycle::request(c);
  if (!options_.redirect_trailing_slash || req.method == "CONNECT" || req.path == "/")
    return false;
  std::string other(req.path);
  if (other.back() == '/')
    other.pop_back();
  else
    other.push_back('/');
  std::vector<Field>& params = Lifecycle::route_params(c);
  if (!tree.find(other, params))
    return false;
  params.clear();
  if (!req.raw_query.empty())
    other.append("?").append(req.raw_query);
  c.redirect(req.method == "GET" ? 301 : 307, other);
  return true;
}

bool Engine::answer_method_not_allowed(Context& c) {
  const detail::FieldsView& req = Lifecycle::request(c);
  std::vector<Field>& params = Lifecycle::route_params(c);
  std::string allow;
  for (const auto& [m, t] : trees_) {
    if (m == req.method)
      continue;
    if (t.find(req.path, params)) {
      params.clear();
      allow.append(allow.empty() ? "" : ", ").append(m);
    }
  }
  if (allow.empty())
    return false;
  c.header("Allow", allow);
  run_fallback(c, all_no_method_, 405, "405 method not allowed");
  return true;
}

void Engine::run_fallback(Context& c, const HandlersChain& chain, int status,
                          std::string_view body) {
  Lifecycle::bind_chain(c, chain, status);
  c.next();
  if (!c.written() && c.response().status == status)
    c.string(status, body);
}

// ---- In-process requests -------------------------------------------------------------------

namespace {
// Gives the context back when the request's scope ends, however it ends (Go's defer).
struct ReleaseAtExit {
  ContextPool& pool;
  Context& context;
  ~ReleaseAtExit() { pool.release(context); }
};
} // namespace

// The whole life of a request, as in Gin's ServeHTTP (src/context_lifecycle.h has the steps).
void Engine::handle(const Request& request, Response& out) {
  Context& c = pool_.acquire();
  const ReleaseAtExit release{pool_, c};
  if (!Context::RequestFiller(c).fill(request))
    return answer_bad_target(out);
  dispatch(c);
  Lifecycle::take_response(c, out);
}

void Engine::answer_bad_target(Response& out) {
  out.clear();
  out.status = 400;
  out.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  out.body = "400 bad request: the target must be a path";
}

Response Engine::handle(const Request& request) {
  Response out;
  handle(request, out);
  return out;
}

int Engine::run(std::string_view host, unsigned short port, unsigned threads) {
  ServerOptions o;
  o.host = std::string(host);
  o.port = port;
  o.threads = threads;
  Server server(*this, o);
  server.stop_on_signals();
  server.start();
  server.wait();
  return 0;
}

} // namespace minigin
