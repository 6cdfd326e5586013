#include "minigin/context.h"
#include "minigin/context_copy.h"

#include "context_filler.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <stdexcept>

namespace minigin {

namespace {
// Gin's abortIndex: any index at or past it means "stop the chain".
constexpr int kAbortIndex = INT_MAX / 2;
} // namespace

Context::~Context() = default;

// ---- Reading ------------------------------------------------------------------------------

void Context::prepare(detail::Part part, const char* what) const {
  if (guard_mode_ != GuardMode::Off)
    check_guard(what);
  if (part == detail::Part::Query && !query_parsed_) {
    query_parsed_ = true;
    detail::parse_urlencoded(view_.raw_query, query_buf_,
                             [this](auto k, auto v) { query_.push_back({k, v}); });
    view_.query = query_;
  } else if (part == detail::Part::Form && !form_parsed_) {
    // Like Gin's PostForm: only an urlencoded body is a form (multipart is not supported).
    form_parsed_ = true;
    auto ct = detail::find_field(headers_, "Content-Type", true).value_or("");
    if (ct.substr(0, ct.find(';')) == "application/x-www-form-urlencoded") {
      detail::parse_urlencoded(view_.body, form_buf_,
                               [this](auto k, auto v) { form_.push_back({k, v}); });
    }
    view_.form = form_;
  }
}

const std::any* Context::find_key(std::string_view key) const {
  // unordered_map<std::string> has no heterogeneous find in C++20's libstdc++ 12; keys are few.
  for (const auto& [k, v] : keys_)
    if (k == key)
      return &v;
  return nullptr;
}

void Context::check_guard(const char* what) const {
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
  msg << "minigin guard: Context::" << what << "() called ";
  if (!live)
    msg << "on a context that was released to the pool: its request has ended.\n"
        << "  last request: " << request;
  else
    msg << "from thread " << me << ", but the context belongs to thread " << owner << ".\n"
        << "  it now serves: " << request;
  msg << " (generation " << generation() << ")\n"
      << "  touched:      Context::" << what << "()\n"
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

void Context::write_once(const char* by) {
  if (guard_mode_ != GuardMode::Off)
    check_guard(by);
  if (written_by_)
    throw std::logic_error(std::string("minigin: the response was already written by ") +
                           written_by_ + "(); " + by + "() cannot write it again");
  written_by_ = by;
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

// ---- Pool support -------------------------------------------------------------------------

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
  written_by_ = nullptr;
}

// ---- copy() -------------------------------------------------------------------------------

ContextCopy Context::copy() const {
  // Make sure the lazily parsed parts exist, so the copy can be immutable (and so shareable).
  prepare(detail::Part::Query, "copy");
  prepare(detail::Part::Form, "copy");

  const detail::FieldsView& v = view_;
  const std::span<const Field> lists[] = {v.headers, v.params, v.query, v.form};
  std::size_t nfields = 0, nchars = 0;
  for (auto list : lists) {
    nfields += list.size();
    for (const Field& f : list)
      nchars += f.key.size() + f.value.size();
  }
  for (std::string_view s : {v.method, v.path, v.full_path, v.raw_query, v.body, v.client_ip})
    nchars += s.size();
  for (const auto& [k, val] : keys_)
    nchars += k.size();

  // One block: [keys][fields][characters]. Key and Field need no more than new's alignment.
  static_assert(alignof(ContextCopy::Key) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
  static_assert(sizeof(ContextCopy::Key) % alignof(Field) == 0);
  const std::size_t key_bytes = keys_.size() * sizeof(ContextCopy::Key);
  const std::size_t field_bytes = nfields * sizeof(Field);
  const std::size_t total = key_bytes + field_bytes + nchars;

  ContextCopy out;
  out.generation_ = generation();
  if (total == 0)
    return out;
  std::byte* block = new std::byte[total];
  out.block_ = std::unique_ptr<std::byte[], ContextCopy::BlockDeleter>(
      block, ContextCopy::BlockDeleter{0, reinterpret_cast<ContextCopy::Key*>(block)});

  char* chars = reinterpret_cast<char*>(block + key_bytes + field_bytes);
  auto put = [&chars](std::string_view s) {
    if (!s.empty())
      std::memcpy(chars, s.data(), s.size());
    std::string_view copied(chars, s.size());
    chars += s.size();
    return copied;
  };

  // Keys: constructed in place, counted in the deleter as they are, so a throwing std::any copy
  // destroys exactly the ones already built.
  auto* keys = reinterpret_cast<ContextCopy::Key*>(block);
  for (const auto& [k, val] : keys_) {
    new (&keys[out.block_.get_deleter().keys]) ContextCopy::Key{put(k), val};
    ++out.block_.get_deleter().keys;
  }
  out.keys_ = std::span<ContextCopy::Key>(keys, keys_.size());

  Field* fields = reinterpret_cast<Field*>(block + key_bytes);
  auto put_list = [&](std::span<const Field> list) {
    Field* first = fields;
    for (const Field& f : list)
      *fields++ = Field{put(f.key), put(f.value)};
    return std::span<const Field>(first, list.size());
  };
  out.view_.headers = put_list(v.headers);
  out.view_.params = put_list(v.params);
  out.view_.query = put_list(v.query);
  out.view_.form = put_list(v.form);
  out.view_.method = put(v.method);
  out.view_.path = put(v.path);
  out.view_.full_path = put(v.full_path);
  out.view_.raw_query = put(v.raw_query);
  out.view_.body = put(v.body);
  out.view_.client_ip = put(v.client_ip);
  return out;
}

void detail::CopyBlockDeleter::operator()(std::byte* block) const noexcept {
  for (std::size_t i = 0; i < keys; ++i)
    first_key[i].~CopiedKey();
  delete[] block;
}

const std::any* ContextCopy::find_key(std::string_view name) const noexcept {
  for (const Key& k : keys_)
    if (k.name == name)
      return &k.value;
  return nullptr;
}

// ---- ContextFiller ------------------------------------------------------------------------

void ContextFiller::append(Context::Slice& s, std::string_view bytes) {
  if (s.len == 0)
    s.off = static_cast<std::uint32_t>(c_.head_.size());
  c_.head_.append(bytes);
  s.len += static_cast<std::uint32_t>(bytes.size());
}

void ContextFiller::append_header_name(std::string_view s) {
  if (c_.header_slices_.empty() || in_value_) {
    c_.header_slices_.emplace_back();
    in_value_ = false;
  }
  append(c_.header_slices_.back().first, s);
}

void ContextFiller::append_header_value(std::string_view s) {
  in_value_ = true;
  auto& value = c_.header_slices_.back().second;
  if (value.len == 0)
    value.off = static_cast<std::uint32_t>(c_.head_.size());
  c_.head_.append(s);
  value.len += static_cast<std::uint32_t>(s.size());
}

std::string_view ContextFiller::target() const noexcept {
  return std::string_view(c_.head_).substr(c_.target_.off, c_.target_.len);
}

bool ContextFiller::finish_head() {
  const std::string_view head(c_.head_);
  auto at = [&head](Context::Slice s) { return head.substr(s.off, s.len); };
  for (const auto& [name, value] : c_.header_slices_)
    c_.headers_.push_back({at(name), at(value)});

  std::string_view target = at(c_.target_);
  if (target.empty() || target.front() != '/' || target.find('#') != std::string_view::npos)
    target = target.substr(0, target.find('#'));
  if (!target.empty() && target.front() != '/' &&
      (target.starts_with("http://") || target.starts_with("https://"))) {
    // absolute-form (RFC 9112 3.2.2): only the path and query matter to the router
    auto slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target != "*" && !target.starts_with('/'))
    return false;
  auto qmark = target.find('?');
  std::string_view raw_path = target.substr(0, qmark);
  c_.path_.clear();
  detail::percent_decode(raw_path, c_.path_, false);

  detail::FieldsView& v = c_.view_;
  v.method = at(c_.method_);
  v.path = c_.path_;
  v.raw_query = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
  v.headers = c_.headers_;
  return true;
}

void ContextFiller::finish_body() noexcept {
  c_.view_.body = c_.body_;
}

} // namespace minigin
