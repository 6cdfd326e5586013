#include "minigin/context.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace minigin {

namespace {
// Gin's abortIndex: any index at or past it means "stop the chain".
constexpr int kAbortIndex = INT_MAX / 2;
} // namespace

Context::~Context() = default;

// ---- Reading ------------------------------------------------------------------------------

void Context::check_guard_and_parse(detail::Part part, std::string_view member) const {
  if (guard_mode_ != GuardMode::Off)
    check_guard(member);
  if (part == detail::Part::Query && !query_parsed_)
    parse_query();
  else if (part == detail::Part::Form && !form_parsed_)
    parse_form();
}

// Parsed on first use and kept, like Gin's queryCache: a handler that never reads the query
// pays nothing for it.
void Context::parse_query() const {
  query_parsed_ = true;
  detail::parse_urlencoded(view_.raw_query, query_buf_,
                           [this](auto k, auto v) { query_.push_back({k, v}); });
  view_.query = query_;
}

void Context::parse_form() const {
  // Like Gin's PostForm: only an urlencoded body is a form (multipart is not supported).
  form_parsed_ = true;
  auto ct = detail::find_field(headers_, "Content-Type", true).value_or("");
  if (ct.substr(0, ct.find(';')) == "application/x-www-form-urlencoded") {
    detail::parse_urlencoded(view_.body, form_buf_,
                             [this](auto k, auto v) { form_.push_back({k, v}); });
  }
  view_.form = form_;
}

const std::any* Context::find_key(std::string_view key) const {
  // unordered_map<std::string> has no heterogeneous find in C++20's libstdc++ 12; keys are few.
  for (const auto& [k, v] : keys_)
    if (k == key)
      return &v;
  return nullptr;
}

void Context::check_guard(std::string_view member) const {
  const bool live = guard_.live.load(std::memory_order_acquire);
  const std::thread::id owner = guard_.owner.load(std::memory_order_acquire);
  const std::thread::id me = std::this_thread::get_id();
  if (live && owner == me)
    return;
  std::string request;
  {
    std::lock_guard lock(guard_.mu);
    request = guard_.request;
  }
  std::ostringstream msg;
  msg << "minigin guard: Context::" << member << "() called ";
  if (!live)
    msg << "on a context that was released to the pool: its request has ended.\n"
        << "  last request: " << request;
  else
    msg << "from thread " << me << ", but the context belongs to thread " << owner << ".\n"
        << "  it now serves: " << request;
  msg << " (generation " << generation() << ")\n"
      << "  touched:      Context::" << member << "()\n"
      << "  cure:         in the handler, take `auto cp = c.copy();` and move `cp` into the other "
         "thread, or copy the values you need into owning strings.\n";
  std::string text = msg.str();
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  if (guard_mode_ == GuardMode::Abort)
    std::abort();
}

// ---- Flow ---------------------------------------------------------------------------------

void Context::next() {
  if (guard_mode_ != GuardMode::Off)
    check_guard("next");
  ++index_;
  while (handlers_ && index_ < static_cast<int>(handlers_->size())) {
    (*handlers_)[static_cast<std::size_t>(index_)](*this);
    ++index_;
  }
}

void Context::abort() noexcept {
  index_ = kAbortIndex;
}
bool Context::is_aborted() const noexcept {
  return index_ >= kAbortIndex;
}

void Context::abort_with_status(int code) {
  abort();
  write_once("abort_with_status");
  response_.status = code;
}

void Context::abort_with_json(int code, const nlohmann::json& body) {
  abort();
  json(code, body);
}

// ---- Keys ---------------------------------------------------------------------------------

void Context::set(std::string key, std::any value) {
  if (guard_mode_ != GuardMode::Off)
    check_guard("set");
  keys_.insert_or_assign(std::move(key), std::move(value));
}

// ---- Response -----------------------------------------------------------------------------

void Context::write_once(std::string_view writer) {
  if (guard_mode_ != GuardMode::Off)
    check_guard(writer);
  if (!written_by_.empty())
    throw std::logic_error(std::string("minigin: the response was already written by ")
                               .append(written_by_)
                               .append("(); ")
                               .append(writer)
                               .append("() cannot write it again"));
  written_by_ = writer;
}

void Context::status(int code) {
  if (guard_mode_ != GuardMode::Off)
    check_guard("status");
  response_.status = code;
}

void Context::header(std::string_view name, std::string_view value) {
  if (guard_mode_ != GuardMode::Off)
    check_guard("header");
  for (auto& [k, v] : response_.headers)
    if (iequals(k, name)) {
      v.assign(value);
      return;
    }
  if (spare_headers_.empty()) {
    response_.headers.emplace_back(std::string(name), std::string(value));
    return;
  }
  Header h = std::move(spare_headers_.back());
  spare_headers_.pop_back();
  // A recycled entry usually held the same header last time: comparing is cheaper than
  // assigning.
  if (h.first != name)
    h.first.assign(name);
  if (h.second != value)
    h.second.assign(value);
  response_.headers.push_back(std::move(h));
}

void Context::data(int code, std::string_view content_type, std::string_view body) {
  write_once("data");
  response_.status = code;
  if (response_.header("Content-Type").empty())
    header("Content-Type", content_type);
  response_.body.assign(body);
}

void Context::string(int code, std::string_view body) {
  write_once("string");
  response_.status = code;
  if (response_.header("Content-Type").empty())
    header("Content-Type", "text/plain; charset=utf-8");
  response_.body.assign(body);
}

void Context::json(int code, const nlohmann::json& body) {
  write_once("json");
  response_.status = code;
  header("Content-Type", "application/json; charset=utf-8");
  response_.body = body.dump();
}

void Context::redirect(int code, std::string_view location) {
  // Gin panics here too: any other status with a Location header is a bug in the caller.
  if ((code < 300 || code > 308) && code != 201)
    throw std::invalid_argument("minigin: cannot redirect with status code " +
                                std::to_string(code));
  write_once("redirect");
  response_.status = code;
  header("Location", location);
  response_.body.clear();
}

void Context::set_cookie(const Cookie& k) {
  if (guard_mode_ != GuardMode::Off)
    check_guard("set_cookie");
  std::string v = k.name + "=" + k.value;
  if (!k.path.empty())
    v += "; Path=" + k.path;
  if (!k.domain.empty())
    v += "; Domain=" + k.domain;
  if (k.max_age > 0)
    v += "; Max-Age=" + std::to_string(k.max_age);
  else if (k.max_age < 0)
    v += "; Max-Age=0";
  if (k.http_only)
    v += "; HttpOnly";
  if (k.secure)
    v += "; Secure";
  if (!k.same_site.empty())
    v += "; SameSite=" + k.same_site;
  response_.headers.emplace_back("Set-Cookie", std::move(v));
}

// ---- Reset: the first step of Lifecycle::begin -----------------------------------------------

void Context::reset() {
  // clear(), never shrink: the next request writes into the same bytes. That is the point.
  head_.clear();
  method_ = target_ = {};
  header_slices_.clear();
  path_.clear();
  body_.clear();
  client_ip_.clear();
  headers_.clear();
  params_.clear();
  query_buf_.clear();
  form_buf_.clear();
  query_.clear();
  form_.clear();
  query_parsed_ = form_parsed_ = false;
  view_ = {};
  if (!keys_.empty())
    keys_.clear();
  handlers_ = nullptr;
  index_ = -1;
  for (Header& h : response_.headers)
    spare_headers_.push_back(std::move(h));
  response_.clear();
  written_by_ = {};
}

} // namespace minigin
