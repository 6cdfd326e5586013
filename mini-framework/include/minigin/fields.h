// The read-only shape of a request that Context and ContextCopy share: views of strings and
// of (key, value) lists. A Context's views point into its own pooled buffers, which the next
// request overwrites; a ContextCopy's views point into the block the copy owns.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace minigin {

/// A (key, value) pair: a header, a path parameter, a query or form entry.
struct Field {
  std::string_view key;
  std::string_view value;
};

namespace detail {

struct FieldsView {
  std::string_view method;
  std::string_view path;      ///< percent-decoded path, without the query
  std::string_view full_path; ///< the matched route pattern, "" when no route matched
  std::string_view raw_query; ///< the query string as received, without '?'
  std::string_view body;
  std::string_view client_ip;
  std::span<const Field> headers;
  std::span<const Field> params;
  std::span<const Field> query; ///< decoded; filled lazily by Context
  std::span<const Field> form;  ///< decoded urlencoded body; filled lazily by Context
};

/// Decodes %XX escapes (and '+' as space when `plus_is_space`) of `in`, appending to `out`.
/// Returns false on a malformed escape, in which case the bytes are appended as they are.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

/// Splits "a=1&b=2" into decoded fields. Decoded bytes go to `buf`, which is reserved up front
/// so that the views handed to `add` stay valid.
template <class Add> void parse_urlencoded(std::string_view in, std::string& buf, Add add) {
  buf.clear();
  buf.reserve(in.size());
  while (!in.empty()) {
    auto amp = in.find('&');
    std::string_view part = in.substr(0, amp);
    in = amp == std::string_view::npos ? std::string_view{} : in.substr(amp + 1);
    if (part.empty())
      continue;
    auto eq = part.find('=');
    std::size_t k0 = buf.size();
    percent_decode(part.substr(0, eq), buf, true);
    std::size_t v0 = buf.size();
    if (eq != std::string_view::npos)
      percent_decode(part.substr(eq + 1), buf, true);
    std::string_view all(buf);
    add(all.substr(k0, v0 - k0), all.substr(v0));
  }
}

} // namespace detail
} // namespace minigin
