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

  // The steps of add(); `pattern` is the route being added, for the error messages.
  Node* param_child(std::string_view name, std::string_view pattern);
  void add_catch_all(std::string_view name, const Route* route, std::string_view pattern);
  Node* static_child(std::string_view text, std::size_t& matched);
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

// Checked before the tree is touched, so that a rejected route leaves no trace.
void check_wildcards(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/')
    reject(pattern, "a path must begin with '/'");
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
  check_wildcards(pattern);
  auto route = std::make_unique<Route>(Route{std::string(pattern), std::move(handlers)});
  Node* n = root_.get();
  std::string_view rest = pattern;
  while (!rest.empty()) {
    if (rest.front() == ':') {
      std::size_t end = rest.find('/');
      n = n->param_child(rest.substr(1, end == std::string_view::npos ? end : end - 1), pattern);
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
      n->add_catch_all(rest.substr(wild + 1), route.get(), pattern);
      routes_.push_back(std::move(route));
      return;
    }
    std::size_t matched = 0;
    n = n->static_child(text, matched);
    rest.remove_prefix(matched);
  }
  if (n->route)
    reject(pattern, "already registered as '" + n->route->pattern + "'");
  n->route = route.get();
  routes_.push_back(std::move(route));
}

RouteTree::Node* RouteTree::Node::param_child(std::string_view name, std::string_view pattern) {
  if (!param) {
    param = std::make_unique<Node>();
    param->name = name;
  } else if (param->name != name) {
    reject(pattern, "':" + std::string(name) + "' conflicts with ':" + param->name +
                        "' at the same position in an existing route");
  }
  return param.get();
}

void RouteTree::Node::add_catch_all(std::string_view name, const Route* r,
                                    std::string_view pattern) {
  if (catch_all)
    reject(pattern, "catch-all '*" + std::string(name) + "' conflicts with '" +
                        catch_all->route->pattern + "'");
  catch_all = std::make_unique<Node>();
  catch_all->name = name;
  catch_all->route = r;
}

// The static child for `text`, created or split off an existing child where they diverge;
// `matched` is how much of `text` it covers.
RouteTree::Node* RouteTree::Node::static_child(std::string_view text, std::size_t& matched) {
  std::size_t idx = indices.find(text.front());
  if (idx == std::string::npos) {
    auto child = std::make_unique<Node>();
    child->prefix = text;
    indices.push_back(text.front());
    children.push_back(std::move(child));
    matched = text.size();
    return children.back().get();
  }
  Node* child = children[idx].get();
  std::size_t common = common_prefix(child->prefix, text);
  if (common < child->prefix.size()) {
    auto split = std::make_unique<Node>();
    split->prefix = child->prefix.substr(0, common);
    child->prefix.erase(0, common);
    split->indices.push_back(child->prefix.front());
    split->children.push_back(std::move(children[idx]));
    children[idx] = std::move(split);
    child = children[idx].get();
  }
  matched = common;
  return child;
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
