#include "minigin/engine.h"
#include "minigin/server.h"

#include "context_filler.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace minigin {

// ---- RouterGroup --------------------------------------------------------------------------

namespace {
std::string join_paths(std::string_view base, std::string_view rel) {
  if (rel.empty())
    return std::string(base);
  std::string out(base);
  if (!out.empty() && out.back() == '/' && rel.front() == '/')
    out.pop_back();
  else if ((out.empty() || out.back() != '/') && rel.front() != '/')
    out.push_back('/');
  out += rel;
  return out;
}
} // namespace

RouterGroup& RouterGroup::use(HandlerFunc middleware) {
  middleware_.push_back(std::move(middleware));
  return *this;
}

RouterGroup RouterGroup::group(std::string_view prefix, HandlersChain middleware) {
  HandlersChain mw = middleware_;
  for (auto& h : middleware)
    mw.push_back(std::move(h));
  return RouterGroup(engine_, join_paths(base_, prefix), std::move(mw));
}

RouterGroup& RouterGroup::handle(std::string_view method, std::string_view path,
                                 HandlersChain handlers) {
  if (handlers.empty())
    throw std::invalid_argument("minigin: route '" + std::string(path) + "' has no handler");
  // Gin's combineHandlers: global middleware, then this group's, then the route's own.
  HandlersChain chain = engine_->global_;
  if (this != engine_)
    chain.insert(chain.end(), middleware_.begin(), middleware_.end());
  for (auto& h : handlers)
    chain.push_back(std::move(h));
  engine_->add_route(std::string(method), join_paths(base_, path), std::move(chain));
  return *this;
}

RouterGroup& RouterGroup::any(std::string_view path, HandlersChain handlers) {
  for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    handle(m, path, handlers);
  return *this;
}

// ---- Engine -------------------------------------------------------------------------------

struct Engine::TrustedNet {
  std::array<unsigned char, 16> addr{}; // IPv4 as IPv4-mapped IPv6
  int bits = 128;
};

namespace {

bool parse_ip(std::string_view s, std::array<unsigned char, 16>& out) {
  char buf[INET6_ADDRSTRLEN + 1];
  if (s.empty() || s.size() >= sizeof buf)
    return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in_addr v4;
  if (inet_pton(AF_INET, buf, &v4) == 1) {
    out = {};
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return true;
  }
  return inet_pton(AF_INET6, buf, out.data()) == 1;
}

bool in_net(const std::array<unsigned char, 16>& ip, const std::array<unsigned char, 16>& net,
            int bits) {
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if ((ip[static_cast<std::size_t>(i)] & mask) != (net[static_cast<std::size_t>(i)] & mask))
      return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

} // namespace

Engine::Engine(EngineOptions options)
    : RouterGroup(this, "/", {}), options_(std::move(options)), pool_(options_.guard) {
  for (const std::string& t : options_.trusted_proxies) {
    TrustedNet net;
    std::string_view s(t);
    auto slash = s.find('/');
    if (!parse_ip(s.substr(0, slash), net.addr))
      throw std::invalid_argument("minigin: trusted proxy '" + t +
                                  "' is not an IP address or CIDR");
    bool v4 = s.substr(0, slash).find(':') == std::string_view::npos;
    net.bits = 128;
    if (slash != std::string_view::npos) {
      int b = std::atoi(std::string(s.substr(slash + 1)).c_str());
      int max = v4 ? 32 : 128;
      if (b < 0 || b > max || s.substr(slash + 1).empty())
        throw std::invalid_argument("minigin: trusted proxy '" + t + "' has a bad prefix length");
      net.bits = v4 ? 96 + b : b;
    }
    trusted_.push_back(net);
  }
}

Engine::~Engine() = default;

Engine& Engine::use(HandlerFunc middleware) {
  global_.push_back(std::move(middleware));
  // Like Gin's engine.Use: the 404/405 chains are rebuilt; routes already added keep theirs.
  all_no_route_ = global_;
  all_no_route_.insert(all_no_route_.end(), no_route_.begin(), no_route_.end());
  all_no_method_ = global_;
  all_no_method_.insert(all_no_method_.end(), no_method_.begin(), no_method_.end());
  return *this;
}

Engine& Engine::no_route(HandlersChain handlers) {
  no_route_ = std::move(handlers);
  all_no_route_ = global_;
  all_no_route_.insert(all_no_route_.end(), no_route_.begin(), no_route_.end());
  return *this;
}

Engine& Engine::no_method(HandlersChain handlers) {
  no_method_ = std::move(handlers);
  all_no_method_ = global_;
  all_no_method_.insert(all_no_method_.end(), no_method_.begin(), no_method_.end());
  return *this;
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

void Engine::resolve_client_ip(Context& c) const {
  if (trusted_.empty()) { // the common case: the peer is the client, no copy needed
    c.view_.client_ip = c.remote_addr_;
    return;
  }
  c.client_ip_.assign(c.remote_addr_);
  std::array<unsigned char, 16> ip;
  auto trusted = [this, &ip](std::string_view s) {
    if (!parse_ip(s, ip))
      return false;
    for (const TrustedNet& n : trusted_)
      if (in_net(ip, n.addr, n.bits))
        return true;
    return false;
  };
  if (!trusted_.empty() && trusted(c.remote_addr_)) {
    // X-Forwarded-For lists the hops left to right; walk back from the nearest one and take the
    // first address that is not one of our proxies (Gin's validateHeader).
    std::string_view xff = detail::find_field(c.headers_, "X-Forwarded-For", true).value_or("");
    std::string_view found;
    while (!xff.empty()) {
      auto comma = xff.rfind(',');
      std::string_view hop = trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
      xff = comma == std::string_view::npos ? std::string_view{} : xff.substr(0, comma);
      if (!parse_ip(hop, ip)) {
        found = {};
        break; // a malformed list is not believed at all
      }
      found = hop;
      if (!trusted(hop))
        break;
    }
    if (found.empty()) {
      std::string_view real = trim(detail::find_field(c.headers_, "X-Real-IP", true).value_or(""));
      if (parse_ip(real, ip))
        found = real;
    }
    if (!found.empty())
      c.client_ip_.assign(found);
  }
  c.view_.client_ip = c.client_ip_;
}

void Engine::dispatch(Context& c) {
  if (options_.guard != GuardMode::Off) {
    std::lock_guard lock(c.guard_.mu);
    c.guard_.request.assign(c.view_.method).append(" ").append(c.view_.path);
  }
  resolve_client_ip(c);
  const std::string_view method = c.view_.method;
  const std::string_view path = c.view_.path;

  const RouteTree* tree = find_tree(method);
  // HEAD falls back to GET when no HEAD route exists; the server drops the body.
  if (method == "HEAD" && (!tree || !tree->find(path, c.params_)))
    tree = find_tree("GET");
  c.params_.clear();
  if (tree) {
    if (const Route* r = tree->find(path, c.params_)) {
      c.handlers_ = &r->handlers;
      c.view_.full_path = r->pattern;
      c.view_.params = c.params_;
      c.next();
      return;
    }
    if (options_.redirect_trailing_slash && method != "CONNECT" && path != "/") {
      std::string other(path);
      if (other.back() == '/')
        other.pop_back();
      else
        other.push_back('/');
      if (tree->find(other, c.params_)) {
        c.params_.clear();
        if (!c.view_.raw_query.empty())
          other.append("?").append(c.view_.raw_query);
        c.redirect(method == "GET" ? 301 : 307, other);
        return;
      }
    }
  }

  if (options_.handle_method_not_allowed) {
    std::string allow;
    for (const auto& [m, t] : trees_) {
      if (m == method)
        continue;
      if (t.find(path, c.params_)) {
        c.params_.clear();
        allow.append(allow.empty() ? "" : ", ").append(m);
      }
    }
    if (!allow.empty()) {
      c.header("Allow", allow);
      c.response_.status = 405;
      c.handlers_ = &all_no_method_;
      c.next();
      if (!c.written() && c.response_.status == 405)
        c.string(405, "405 method not allowed");
      return;
    }
  }
  c.response_.status = 404;
  c.handlers_ = &all_no_route_;
  c.next();
  if (!c.written() && c.response_.status == 404)
    c.string(404, "404 page not found");
}

void Engine::handle(const Request& request, Response& out) {
  Context& c = pool_.acquire();
  ContextFiller fill(c);
  fill.append_method(request.method);
  fill.append_target(request.target);
  for (const auto& [k, v] : request.headers)
    fill.add_header(k, v);
  fill.set_remote_addr(request.remote_addr);
  if (!fill.finish_head()) {
    pool_.release(c);
    out.clear();
    out.status = 400;
    out.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    out.body = "400 bad request: the target must be a path";
    return;
  }
  fill.append_body(request.body);
  fill.finish_body();
  try {
    dispatch(c);
  } catch (...) {
    pool_.release(c);
    throw;
  }
  // Swap rather than copy: `out` takes the response, the context keeps out's old storage for
  // the next request (its reset() recycles it), and neither side allocates.
  out.status = c.response_.status;
  out.headers.swap(c.response_.headers);
  out.body.swap(c.response_.body);
  pool_.release(c);
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
