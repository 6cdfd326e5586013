// Every word racelab prints for people, in English and Simplified Chinese: one catalog, the
// messages_*.def files, where each message is RACELAB_MSG(id, "English", "中文") so that neither
// language can lack an entry. "{0}", "{1}" … stand for the arguments. Machine formats (JSON, SARIF,
// file:line) do not go through it. docs/design.md says why not gettext.
#pragma once

#include "language.h"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace racelab {

enum class Msg {
#define RACELAB_MSG(id, en, zh) id,
#include "messages_cli.def"
#include "messages_doctor.def"
#include "messages_explain.def"
#include "messages_kinds.def"
#include "messages_tour.def"
#undef RACELAB_MSG
};

/// The language of tr(); set once in main, before any thread starts.
void set_language(Lang lang);
Lang language();

/// The message in `lang`, its {N} replaced by args[N].
std::string tr_in(Lang lang, Msg id, std::initializer_list<std::string_view> args = {});

/// The message in the language of set_language().
inline std::string tr(Msg id, std::initializer_list<std::string_view> args = {}) {
  return tr_in(language(), id, args);
}

/// The message with its placeholders, unreplaced (for tests and the catalog's checks).
const char* message_text(Lang lang, Msg id);
std::size_t message_count();

} // namespace racelab
