#include "text.h"

#include <clocale>
#include <cwchar>
#include <locale.h>
#include <sstream>

namespace racelab {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> words(std::string_view s) {
  std::istringstream in{std::string(s)};
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

std::string base_name(std::string_view path) {
  return std::string(path.substr(path.rfind('/') + 1)); // npos + 1 == 0: no slash, all of it
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += separator;
    out += items[i];
  }
  return out;
}

std::size_t display_width(const std::string& s) {
  // C.UTF-8 is built into glibc (2.35 and later): no locale needs to be installed for it. Where it
  // is missing, every byte that starts a character counts one, as before the catalog spoke Chinese.
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
  std::size_t n = 0;
  if (!utf8) {
    for (unsigned char c : s)
      n += (c & 0xC0) != 0x80;
    return n;
  }
  const locale_t previous = uselocale(utf8);
  std::mbstate_t state{};
  for (std::size_t i = 0; i < s.size();) {
    wchar_t wc = 0;
    std::size_t len = std::mbrtowc(&wc, s.data() + i, s.size() - i, &state);
    if (len == 0 || len > s.size() - i) { // a NUL, or bytes that are not UTF-8: one column each
      state = std::mbstate_t{};
      len = 1;
      n += 1;
    } else {
      const int w = wcwidth(wc);
      n += w < 0 ? 1 : std::size_t(w);
    }
    i += len;
  }
  uselocale(previous);
  return n;
}

} // namespace racelab
