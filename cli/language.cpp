#include "language.h"

#include "text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

namespace racelab {

namespace {

// "zh_CN.UTF-8@euro" -> "zh-cn": lower case, "-" between parts, no encoding or modifier.
std::string normalized(std::string s) {
  s = s.substr(0, s.find_first_of(".@"));
  std::replace(s.begin(), s.end(), '_', '-');
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const char* environment(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

// A LANGUAGE entry racelab has: "zh_CN", "zh-Hans", "en_GB" (gettext's fallback list).
std::optional<Lang> lang_of_language_entry(const std::string& entry) {
  const std::string n = normalized(entry);
  if (n == "en" || n.rfind("en-", 0) == 0)
    return Lang::en;
  if (lang_of_locale(entry) == Lang::zh_CN)
    return Lang::zh_CN;
  return std::nullopt;
}

} // namespace

const char* lang_tag(Lang lang) {
  return lang == Lang::zh_CN ? "zh-CN" : "en";
}

std::string supported_langs() {
  return join({lang_tag(Lang::en), lang_tag(Lang::zh_CN)});
}

std::optional<Lang> parse_lang(std::string value) {
  const std::string n = normalized(value);
  if (n == "en")
    return Lang::en;
  if (n == "zh-cn")
    return Lang::zh_CN;
  return std::nullopt;
}

Lang lang_of_locale(const std::string& locale) {
  const std::string n = normalized(locale);
  for (std::string_view zh : {"zh-cn", "zh-sg", "zh-hans"})
    if (n == zh || n.rfind(std::string(zh) + "-", 0) == 0)
      return Lang::zh_CN;
  return Lang::en;
}

Lang lang_from_environment() {
  const char* locale = environment("LC_ALL");
  if (!locale)
    locale = environment("LC_MESSAGES");
  if (!locale)
    locale = environment("LANG");
  if (!locale)
    return Lang::en;
  // GNU gettext's rule: LANGUAGE, a list by preference, counts unless the locale is C or POSIX.
  const std::string l = locale;
  const bool c_locale = l == "C" || l == "POSIX" || l.rfind("C.", 0) == 0;
  if (const char* list = environment("LANGUAGE"); list && !c_locale) {
    std::string_view rest = list;
    while (!rest.empty()) {
      auto colon = rest.find(':');
      if (auto lang = lang_of_language_entry(std::string(rest.substr(0, colon))))
        return *lang;
      rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
  }
  return lang_of_locale(l);
}

std::optional<std::string> find_lang_argument(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--")
      break;
    if (a == "--lang")
      return i + 1 < argc ? std::optional<std::string>(argv[i + 1]) : std::string();
    if (a.rfind("--lang=", 0) == 0)
      return std::string(a.substr(7));
  }
  return std::nullopt;
}

} // namespace racelab
