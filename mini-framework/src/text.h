// Internal: text helpers that more than one of minigin's sources needs.
#pragma once

#include <string_view>

namespace minigin::detail {

/// `s` without the spaces and tabs around it (HTTP's optional whitespace, RFC 9110 5.6.3).
inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

} // namespace minigin::detail
