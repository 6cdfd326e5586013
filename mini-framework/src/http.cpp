#include "minigin/http.h"
#include "minigin/fields.h"
#include "minigin/request_reader.h"

#include "text.h"

namespace minigin {

namespace {
char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}
int hex(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}
} // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i]))
      return false;
  return true;
}

std::string_view Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name))
      return v;
  return {};
}

std::string_view reason_phrase(int status) noexcept {
  struct Reason {
    int status;
    std::string_view phrase;
  };
  static constexpr Reason reasons[] = {
      {100, "Continue"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {204, "No Content"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {411, "Length Required"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {422, "Unprocessable Content"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {505, "HTTP Version Not Supported"},
  };
  for (const Reason& r : reasons)
    if (r.status == status)
      return r.phrase;
  return "Unknown";
}

namespace detail {

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  // Most paths and keys have nothing to decode: copy them in one go.
  if (in.find('%') == std::string_view::npos &&
      (!plus_is_space || in.find('+') == std::string_view::npos)) {
    out.append(in);
    return true;
  }
  bool ok = true;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out.push_back(char(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else if (c == '%') {
      ok = false;
      out.push_back(c);
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return ok;
}

std::optional<std::string_view> find_field(std::span<const Field> fields, std::string_view key,
                                           bool ignore_case) noexcept {
  for (const Field& f : fields)
    if (ignore_case ? iequals(f.key, key) : f.key == key)
      return f.value;
  return std::nullopt;
}

std::optional<std::string_view> find_cookie(std::string_view header,
                                            std::string_view name) noexcept {
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos)
      continue;
    if (trim(part.substr(0, eq)) != name)
      continue;
    std::string_view value = trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

} // namespace detail
} // namespace minigin
