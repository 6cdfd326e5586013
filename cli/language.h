// The language racelab speaks to people: English or Simplified Chinese. --lang chooses it; without
// it the environment does, as POSIX says (LC_ALL, then LC_MESSAGES, then LANG), with GNU's LANGUAGE
// list first when the locale is not C/POSIX. Machine formats (JSON, SARIF, file:line) never change.
#pragma once

#include <optional>
#include <string>

namespace racelab {

enum class Lang { en, zh_CN };

/// "en" or "zh-CN": how --lang spells each language.
const char* lang_tag(Lang lang);

/// "en, zh-CN": every value --lang accepts (matched case-insensitively, "_" for "-").
std::string supported_langs();

/// The language a --lang value names; nullopt for an unknown one.
std::optional<Lang> parse_lang(std::string value);

/// The language of a locale name ("zh_CN.UTF-8", "zh-Hans", "C"): Chinese for zh_CN, zh-CN, zh_SG
/// and zh_Hans (with any encoding or modifier), English for everything else.
Lang lang_of_locale(const std::string& locale);

/// The language the environment asks for (nothing set: English).
Lang lang_from_environment();

/// The value of the first --lang (or --lang=VALUE) among the arguments before "--"; nullopt when
/// there is none. Read before the command line is parsed, because the help texts depend on it.
std::optional<std::string> find_lang_argument(int argc, char** argv);

} // namespace racelab
