// The kinds of report racelab explain knows, by the name the runtime prints; their texts are in
// messages_kinds.def, in both languages.
#include "report_kinds.h"

namespace racelab {

const std::map<std::string, KindText> kReportKinds = {
    {"data race", {Msg::kind_data_race_what, Msg::kind_data_race_cure}},
    {"data race on vptr (ctor/dtor vs virtual call)", {Msg::kind_vptr_what, Msg::kind_vptr_cure}},
    {"heap-use-after-free", {Msg::kind_uaf_what, Msg::kind_uaf_cure}},
    {"heap-use-after-free (virtual call vs free)",
     {Msg::kind_uaf_vcall_what, Msg::kind_uaf_vcall_cure}},
    {"thread leak", {Msg::kind_thread_leak_what, Msg::kind_thread_leak_cure}},
    {"lock-order-inversion (potential deadlock)",
     {Msg::kind_lock_order_what, Msg::kind_lock_order_cure}},
    {"signal-unsafe call inside of a signal",
     {Msg::kind_signal_unsafe_what, Msg::kind_signal_unsafe_cure}},
    {"signal handler spoils errno", {Msg::kind_errno_what, Msg::kind_errno_cure}},
    {"destroy of a locked mutex", {Msg::kind_locked_destroy_what, Msg::kind_locked_destroy_cure}},
    {"unlock of an unlocked mutex (or by a wrong thread)",
     {Msg::kind_bad_unlock_what, Msg::kind_bad_unlock_cure}},
    {"read lock of a write locked mutex", {Msg::kind_read_lock_what, Msg::kind_read_lock_cure}},
    {"read unlock of a write locked mutex",
     {Msg::kind_read_unlock_what, Msg::kind_read_unlock_cure}},
    {"double lock of a mutex", {Msg::kind_double_lock_what, Msg::kind_double_lock_cure}},
    {"use of an invalid mutex (e.g. uninitialized or destroyed)",
     {Msg::kind_invalid_mutex_what, Msg::kind_invalid_mutex_cure}},
    {"mutex held in the wrong context",
     {Msg::kind_wrong_context_what, Msg::kind_wrong_context_cure}},
    // Go's runtime: fatal errors with goroutine stacks, not race reports.
    {"concurrent map writes", {Msg::kind_go_map_what, Msg::kind_go_map_cure}},
    {"all goroutines are asleep - deadlock!",
     {Msg::kind_go_deadlock_what, Msg::kind_go_deadlock_cure}},
};

} // namespace racelab
