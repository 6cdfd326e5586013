#include "minigin/router.h"

#include <stdexcept>

namespace minigin {

// A node matches `prefix` (static text) and then hands the rest of the path to its children.
// Static children are keyed by their first byte (`indices`); at most one ":param" child and one
// "*catchall" child hang off a node, as in httprouter. A wildcard node's `name` is the parameter
// name; what it matched is not stored in the tree but appended to the caller's params.
struct RouteTree::Node {
  std::string prefix;
  std::string indices;
  std::vector<std::unique_ptr<Node>> children;
  std::unique_ptr<Node> param;
  std::unique_ptr<Node> catch_all;
  std::string name;
  const Route* route = nullptr;
};

namespace {

[[noreturn]] void reject(std::string_view pattern, const std::string& why) {
  throw std::invalid_argument("minigin: route '" + std::string(pattern) + "': " + why);
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i])
    ++i;
  return i;
}

} // namespace

RouteTree::RouteTree() : root_(std::make_unique<Node>()) {}
RouteTree::~RouteTree() = default;
RouteTree::RouteTree(RouteTree&&) noexcept = default;
RouteTree& RouteTree::operator=(RouteTree&&) noexcept = default;

bool RouteTree::empty() const noexcept {
  return routes_.empty();
}

void RouteTree::add(std::string_view pattern, HandlersChain handlers) {
  if (pattern.empty() || pattern.front() != '/')
    reject(pattern, "a path must begin with '/'");
  // Validate wildcards before touching the tree, so a rejected route leaves no trace.
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c != ':' && c != '*')
      continue;
    if (pattern[i - 1] != '/')
      reject(pattern, std::string("wildcard '") + c + "' must start a path segment");
    std::size_t end = pattern.find('/', i);
    std::string_view name =
        pattern.substr(i + 1, end == std::string_view::npos ? end : end - i - 1);
    if (name.empty())
      reject(pattern, std::string("wildcard '") + c + "' needs a name, as in '" + c + "id'");
    if (name.find_first_of(":*") != std::string_view::npos)
      reject(pattern, "only one wildcard per path segment is allowed");
    if (c == '*' && end != std::string_view::npos)
      reject(pattern, "catch-all '*" + std::string(name) + "' must be the last segment");
  }

  auto route = std::make_unique<Route>(Route{std::string(pattern), std::move(handlers)});
  Node* n = root_.get();
  std::string_view rest = pattern;
  while (true) {
    if (rest.empty()) {
      if (n->route)
        reject(pattern, "already registered as '" + n->route->pattern + "'");
      n->route = route.get();
      break;
    }
    if (rest.front() == ':') {
      std::size_t end = rest.find('/');
      std::string_view name = rest.substr(1, end == std::string_view::npos ? end : end - 1);
      if (!n->param) {
        n->param = std::make_unique<Node>();
        n->param->name = name;
      } else if (n->param->name != name) {
        reject(pattern, "':" + std::string(name) + "' conflicts with ':" + n->param->name +
                            "' at the same position in an existing route");
      }
      n = n->param.get();
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
      continue;
    }
    if (rest.front() == '*') {
      // Not reached: a catch-all sits on the node before its '/' (see below).
      reject(pattern, "internal: catch-all without its leading '/'");
    }
    // Static text up to the next wildcard. A catch-all captures its own leading '/', so that
    // slash is left for it: "/src/*f" is static "/src" followed by catch-all "f".
    std::size_t wild = rest.find_first_of(":*");
    std::string_view text = rest.substr(0, wild);
    bool catch_all_next = wild != std::string_view::npos && rest[wild] == '*';
    if (catch_all_next)
      text.remove_suffix(1);
    if (text.empty() && catch_all_next) {
      std::string_view name = rest.substr(wild + 1);
      if (n->catch_all)
        reject(pattern, "catch-all '*" + std::string(name) + "' conflicts with '" +
                            n->catch_all->route->pattern + "'");
      n->catch_all = std::make_unique<Node>();
      n->catch_all->name = name;
      n->catch_all->route = route.get();
      break;
    }
    // Find or create the static child for `text`, splitting an existing child if they diverge.
    std::size_t idx = n->indices.find(text.front());
    if (idx == std::string::npos) {
      auto child = std::make_unique<Node>();
      child->prefix = text;
      n->indices.push_back(text.front());
      n->children.push_back(std::move(child));
      n = n->children.back().get();
      rest.remove_prefix(text.size());
      continue;
    }
    Node* child = n->children[idx].get();
    std::size_t common = common_prefix(child->prefix, text);
    if (common < child->prefix.size()) {
      auto split = std::make_unique<Node>();
      split->prefix = child->prefix.substr(0, common);
      child->prefix.erase(0, common);
      split->indices.push_back(child->prefix.front());
      split->children.push_back(std::move(n->children[idx]));
      n->children[idx] = std::move(split);
      child = n->children[idx].get();
    }
    n = child;
    rest.remove_prefix(common);
  }
  routes_.push_back(std::move(route));
}

const Route* RouteTree::find(std::string_view path, std::vector<Field>& params) const {
  // Depth-first with backtracking: static, then param, then catch-all.
  struct Matcher {
    static const Route* run(const Node* n, std::string_view path, std::vector<Field>& params) {
      if (path.empty())
        return n->route;
      // Plain loops, not find(): the strings are a few bytes long, and a library call per
      // character class costs more than the scan.
      const char first = path.front();
      for (std::size_t idx = 0; idx < n->indices.size(); ++idx) {
        if (n->indices[idx] != first)
          continue;
        const Node* child = n->children[idx].get();
        const std::string& prefix = child->prefix;
        if (path.size() >= prefix.size() &&
            std::char_traits<char>::compare(path.data(), prefix.data(), prefix.size()) == 0)
          if (const Route* r = run(child, path.substr(prefix.size()), params))
            return r;
        break;
      }
      if (n->param && first != '/') {
        std::size_t end = 0;
        while (end < path.size() && path[end] != '/')
          ++end;
        if (end == path.size())
          end = std::string_view::npos;
        std::string_view value = path.substr(0, end);
        params.push_back({n->param->name, value});
        if (const Route* r =
                run(n->param.get(),
                    end == std::string_view::npos ? std::string_view{} : path.substr(end), params))
          return r;
        params.pop_back();
      }
      if (n->catch_all && path.front() == '/') {
        params.push_back({n->catch_all->name, path});
        return n->catch_all->route;
      }
      return nullptr;
    }
  };
  if (path.empty())
    return nullptr;
  return Matcher::run(root_.get(), path, params);
}

} // namespace minigin
