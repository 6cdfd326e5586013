// RouterGroup: path prefixes and their middleware, combined into each route's chain when it is
// added (Gin's RouterGroup and combineHandlers).
#include "minigin/engine.h"

#include <stdexcept>

namespace minigin {

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

} // namespace minigin
