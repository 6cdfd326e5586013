// The read API of a request (Gin's Query, Param, GetHeader, ...), written once for Context and
// ContextCopy (CRTP). `Derived` provides three hooks: `fields()`, the views to read;
// `check_guard_and_parse(part, member)`, run before each read (Context checks its guard there,
// naming the accessor `member`, and parses its query or form on first use; a copy has no guard
// and everything parsed, so its hook does nothing); and `find_key()`, for the Keys.
#pragma once

#include "minigin/fields.h"

#include <any>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace minigin {
namespace detail {

/// What an accessor reads; a Context parses the Query and the Form on their first read.
enum class Part { Request, Query, Form, Keys };

std::optional<std::string_view> find_field(std::span<const Field> fields, std::string_view key,
                                           bool ignore_case) noexcept;
std::optional<std::string_view> find_cookie(std::string_view cookie_header,
                                            std::string_view name) noexcept;

template <class Derived> class RequestReader {
public:
  std::string_view method() const { return read(Part::Request, __func__).method; }
  /// The percent-decoded request path, without the query string.
  std::string_view path() const { return read(Part::Request, __func__).path; }
  /// The pattern of the matched route ("/user/:id"), or "" when none matched.
  std::string_view full_path() const { return read(Part::Request, __func__).full_path; }

  /// The first value of query key `key`, or "" when absent (Gin's Query).
  std::string_view query(std::string_view key) const { return get_query(key).value_or(""); }
  std::string_view default_query(std::string_view key, std::string_view def) const {
    return get_query(key).value_or(def);
  }
  /// The first value of query key `key` and whether it was present (Gin's GetQuery).
  std::optional<std::string_view> get_query(std::string_view key) const {
    return find_field(read(Part::Query, __func__).query, key, false);
  }
  /// Every value of a repeated query key, in order (Gin's QueryArray).
  std::vector<std::string_view> query_array(std::string_view key) const {
    return all_of(read(Part::Query, __func__).query, key);
  }
  std::span<const Field> query_fields() const { return read(Part::Query, __func__).query; }

  /// The value of path parameter `key` (":id" or "*path" in the route), or "".
  std::string_view param(std::string_view key) const {
    return find_field(read(Part::Request, __func__).params, key, false).value_or("");
  }
  std::span<const Field> params() const { return read(Part::Request, __func__).params; }

  /// A field of an application/x-www-form-urlencoded body (Gin's PostForm).
  std::string_view post_form(std::string_view key) const { return get_post_form(key).value_or(""); }
  std::string_view default_post_form(std::string_view key, std::string_view def) const {
    return get_post_form(key).value_or(def);
  }
  std::optional<std::string_view> get_post_form(std::string_view key) const {
    return find_field(read(Part::Form, __func__).form, key, false);
  }
  std::vector<std::string_view> post_form_array(std::string_view key) const {
    return all_of(read(Part::Form, __func__).form, key);
  }

  /// A request header (name compared without case), or "" (Gin's GetHeader).
  std::string_view get_header(std::string_view name) const {
    return find_field(read(Part::Request, __func__).headers, name, true).value_or("");
  }
  std::span<const Field> headers() const { return read(Part::Request, __func__).headers; }
  /// A cookie from the Cookie header, or nullopt (Gin's Cookie).
  std::optional<std::string_view> cookie(std::string_view name) const {
    return find_cookie(get_header("Cookie"), name);
  }
  std::string_view body() const { return read(Part::Request, __func__).body; }
  /// The media type of the body, without parameters ("application/json").
  std::string_view content_type() const {
    std::string_view ct = get_header("Content-Type");
    ct = ct.substr(0, ct.find(';'));
    while (!ct.empty() && (ct.back() == ' ' || ct.back() == '\t'))
      ct.remove_suffix(1);
    return ct;
  }
  /// The client's address: the peer, or what a trusted proxy says (Engine options).
  std::string_view client_ip() const { return read(Part::Request, __func__).client_ip; }

  /// A value stored with Context::set, or nullptr.
  const std::any* get(std::string_view key) const {
    read(Part::Keys, __func__);
    return self().find_key(key);
  }
  /// The value stored under `key` if it holds a T, else nullptr.
  template <class T> const T* get_as(std::string_view key) const {
    const std::any* a = get(key);
    return a ? std::any_cast<T>(a) : nullptr;
  }
  /// Like get_as, but a missing key or another type throws std::out_of_range (Gin's MustGet).
  template <class T> const T& must_get(std::string_view key) const {
    if (const T* v = get_as<T>(key))
      return *v;
    throw std::out_of_range("minigin: key '" + std::string(key) +
                            "' is missing or of another type");
  }

private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
  // `member` is the accessor's name (__func__), which the guard's report shows.
  const FieldsView& read(Part p, std::string_view member) const {
    self().check_guard_and_parse(p, member);
    return self().fields();
  }
  static std::vector<std::string_view> all_of(std::span<const Field> fields, std::string_view key) {
    std::vector<std::string_view> out;
    for (const Field& f : fields)
      if (f.key == key)
        out.push_back(f.value);
    return out;
  }
};

} // namespace detail
} // namespace minigin
