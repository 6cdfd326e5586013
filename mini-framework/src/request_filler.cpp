#include "request_filler.h"

namespace minigin {

namespace {

// The part of a request target the router sees: origin-form ("/p?q") as it is, absolute-form
// ("http://h/p?q", RFC 9112 3.2.2) without scheme and authority, "*" as it is; any fragment cut.
// Empty when the target is none of these.
std::string_view routable_target(std::string_view target) {
  if (target.empty() || target.front() != '/' || target.find('#') != std::string_view::npos)
    target = target.substr(0, target.find('#'));
  if (!target.empty() && target.front() != '/' &&
      (target.starts_with("http://") || target.starts_with("https://"))) {
    auto slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target != "*" && !target.starts_with('/'))
    return {};
  return target;
}

} // namespace

bool Context::RequestFiller::fill(const Request& request) {
  append_method(request.method);
  append_target(request.target);
  for (const auto& [name, value] : request.headers) {
    append_header_name(name);
    append_header_value(value);
  }
  set_remote_addr(request.remote_addr);
  if (!finish_head())
    return false;
  append_body(request.body);
  finish_body();
  return true;
}

void Context::RequestFiller::append(Context::Slice& s, std::string_view bytes) {
  if (s.len == 0)
    s.off = static_cast<std::uint32_t>(c_.head_.size());
  c_.head_.append(bytes);
  s.len += static_cast<std::uint32_t>(bytes.size());
}

void Context::RequestFiller::append_header_name(std::string_view s) {
  if (c_.header_slices_.empty() || in_value_) {
    c_.header_slices_.emplace_back();
    in_value_ = false;
  }
  append(c_.header_slices_.back().first, s);
}

void Context::RequestFiller::append_header_value(std::string_view s) {
  in_value_ = true;
  append(c_.header_slices_.back().second, s);
}

bool Context::RequestFiller::finish_head() {
  const std::string_view head(c_.head_);
  auto at = [&head](Context::Slice s) { return head.substr(s.off, s.len); };
  for (const auto& [name, value] : c_.header_slices_)
    c_.headers_.push_back({at(name), at(value)});

  const std::string_view target = routable_target(at(c_.target_));
  if (target.empty())
    return false;
  auto qmark = target.find('?');
  c_.path_.clear();
  detail::percent_decode(target.substr(0, qmark), c_.path_, false);

  detail::FieldsView& v = c_.view_;
  v.method = at(c_.method_);
  v.path = c_.path_;
  v.raw_query = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
  v.headers = c_.headers_;
  v.client_ip = c_.remote_addr_;
  return true;
}

void Context::RequestFiller::finish_body() noexcept {
  c_.view_.body = c_.body_;
}

} // namespace minigin
