#include "messages.h"

#include <atomic>

namespace racelab {

namespace {

struct Entry {
  const char* en;
  const char* zh_CN;
};

constexpr Entry kCatalog[] = {
#define RACELAB_MSG(id, en, zh) {en, zh},
#include "messages_cli.def"
#include "messages_doctor.def"
#include "messages_explain.def"
#include "messages_kinds.def"
#include "messages_tour.def"
#undef RACELAB_MSG
};

// Relaxed is enough: main sets it before it starts any thread, and thread creation orders that.
std::atomic<Lang> current{Lang::en};

} // namespace

void set_language(Lang lang) {
  current.store(lang, std::memory_order_relaxed);
}

Lang language() {
  return current.load(std::memory_order_relaxed);
}

const char* message_text(Lang lang, Msg id) {
  const Entry& e = kCatalog[static_cast<std::size_t>(id)];
  return lang == Lang::zh_CN ? e.zh_CN : e.en;
}

std::size_t message_count() {
  return sizeof kCatalog / sizeof kCatalog[0];
}

std::string tr_in(Lang lang, Msg id, std::initializer_list<std::string_view> args) {
  const std::string_view text = message_text(lang, id);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    // "{N}" with one digit N naming an argument; any other brace is text.
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' &&
        text[i + 1] <= '9' && std::size_t(text[i + 1] - '0') < args.size()) {
      out += *(args.begin() + (text[i + 1] - '0'));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

} // namespace racelab
