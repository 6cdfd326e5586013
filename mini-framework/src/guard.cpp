#include "minigin/guard.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace minigin {

GuardMode guard_mode_from_env() {
  const char* v = std::getenv("MINIGIN_GUARD");
  if (!v)
    return GuardMode::Off;
  std::string_view s(v);
  if (s.empty() || s == "0" || s == "off")
    return GuardMode::Off;
  if (s == "1" || s == "abort")
    return GuardMode::Abort;
  if (s == "log")
    return GuardMode::Log;
  std::fprintf(stderr,
               "minigin: MINIGIN_GUARD=%s is not one of 0, off, 1, abort, log; using abort\n", v);
  return GuardMode::Abort;
}

} // namespace minigin
