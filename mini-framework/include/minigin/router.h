// A radix tree of routes for one HTTP method, like Gin's (httprouter's) tree.
//
// Patterns: static text, ":name" (one whole path segment, never empty) and "*name" (the rest of
// the path, including its leading '/', so "/src/*file" gives file="/a/b.txt" for /src/a/b.txt).
// When several routes could match, static text wins over a parameter, which wins over a catch-all;
// lookup backtracks, so "/users/new" and "/users/:id" coexist. Patterns that can never be told
// apart are rejected when they are added, with std::invalid_argument saying why.
#pragma once

#include "minigin/context.h"
#include "minigin/fields.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace minigin {

struct Route {
  std::string pattern; // the full path as registered ("/user/:id")
  HandlersChain handlers;
};

class RouteTree {
public:
  RouteTree();
  ~RouteTree();
  RouteTree(RouteTree&&) noexcept;
  RouteTree& operator=(RouteTree&&) noexcept;

  /// Adds a route; throws std::invalid_argument on a malformed or conflicting pattern.
  void add(std::string_view pattern, HandlersChain handlers);
  /// Finds the route for `path`, appending its parameters (views into `path` and into the
  /// tree's own names) to `params`. Returns nullptr when nothing matches; `params` is then
  /// left as it was. Does not allocate once `params` has capacity.
  const Route* find(std::string_view path, std::vector<Field>& params) const;
  bool empty() const noexcept;

private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

} // namespace minigin
