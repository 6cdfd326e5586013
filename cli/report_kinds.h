// The kinds of report racelab explain knows (ThreadSanitizer's and Go's), with what each means
// and what usually cures it.
#pragma once

#include "messages.h"

#include <map>
#include <string>

namespace racelab {

/// A kind's two texts: their catalog ids (messages_kinds.def), for tr(), and the English, which
/// the machine formats keep whatever the language.
struct KindText {
  KindText(Msg what_id, Msg cure_id)
      : what(message_text(Lang::en, what_id)), cure(message_text(Lang::en, cure_id)),
        what_msg(what_id), cure_msg(cure_id) {}
  const char* what;
  const char* cure;
  Msg what_msg;
  Msg cure_msg;
};

/// By the kind's name as the runtime prints it: "data race", "heap-use-after-free", Go's
/// "concurrent map writes". Kinds not in it pass through verbatim.
extern const std::map<std::string, KindText> kReportKinds;

} // namespace racelab
