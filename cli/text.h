// Small string helpers that the report parser, the sample reader, the linter and the tables share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace racelab {

/// `s` without leading and trailing spaces and tabs.
std::string trim(std::string_view s);

/// The whitespace-separated words of `s`.
std::vector<std::string> words(std::string_view s);

/// "racy.cpp" for "/p/samples/03-x/racy.cpp" (and for "racy.cpp").
std::string base_name(std::string_view path);

/// "a, b, c" (or with another separator); "" for no items.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

/// The columns `s` (UTF-8) takes on a terminal: wcwidth() of each character under C.UTF-8, so that
/// wide characters (CJK, fullwidth punctuation) count two and combining marks none.
std::size_t display_width(const std::string& s);

} // namespace racelab
