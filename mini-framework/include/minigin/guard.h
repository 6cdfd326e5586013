// Guard mode: catches the original Context used where it must not be (after its request was
// released to the pool, or from another thread) and says which request, which thread, what was
// touched, and the cure. Off by default; one predictable branch per accessor when off.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace minigin {

enum class GuardMode {
  Off,   ///< no checks (the default)
  Abort, ///< report the violation on stderr, then std::abort()
  Log,   ///< report the violation on stderr and carry on
};

/// The mode MINIGIN_GUARD asks for: "1"/"abort" → Abort, "log" → Log, unset/"0"/"off" → Off.
/// Any other value is reported on stderr and treated as Abort (a typo should not disable it).
GuardMode guard_mode_from_env();

namespace detail {

/// What the guard knows about one pooled Context. Read from any thread, hence atomics; the
/// request description is only touched under `mu`.
struct GuardState {
  std::atomic<bool> live{false};
  std::atomic<std::thread::id> owner{};
  mutable std::mutex mu;
  std::string request; // "GET /user/42", the request the context serves or last served
};

} // namespace detail
} // namespace minigin
