// What each kind of report means, and what usually cures it: the texts of racelab explain.
#include "report_kinds.h"

namespace racelab {

const std::map<std::string, KindText> kReportKinds = {
    {"data race",
     {"Two threads accessed the same memory, at least one of them wrote, and nothing ordered "
      "the two accesses: no mutex held by both, no atomic, no join or other happens-before "
      "between them. What the program computes now depends on timing.",
      "Order the accesses: hold one mutex around both, make the variable std::atomic, or join "
      "the thread before reading. If the memory belongs to a request context, give the thread "
      "an owning copy (c.copy()) instead of the context."}},
    {"data race on vptr (ctor/dtor vs virtual call)",
     {"One thread called a virtual function of an object while another was constructing or "
      "destroying it: the destructor rewrites the object's vtable pointer, so the call may "
      "reach a base class's function or freed memory.",
      "Do not destroy an object while another thread may still call it: join that thread, or "
      "share ownership (std::shared_ptr) so the last user destroys it."}},
    {"heap-use-after-free",
     {"A thread used heap memory after another thread had freed it.",
      "Keep the object alive while any thread may use it: join first, or share ownership "
      "(std::shared_ptr) with the thread."}},
    {"heap-use-after-free (virtual call vs free)",
     {"A thread called a virtual function of an object that another thread had already "
      "deleted.",
      "Keep the object alive while any thread may call it: join first, or share ownership "
      "(std::shared_ptr)."}},
    {"thread leak",
     {"A thread was started and never joined nor detached before the program ended: its "
      "resources leak, and anything it still does races with the shutdown.",
      "Join every thread you start (or use std::jthread, which joins on destruction)."}},
    {"lock-order-inversion (potential deadlock)",
     {"Two threads lock the same mutexes in opposite orders. At the wrong moment each holds "
      "one and waits forever for the other.",
      "Lock mutexes in one global order, or take them together with std::scoped_lock."}},
    {"signal-unsafe call inside of a signal",
     {"A signal handler called a function that is not async-signal-safe (malloc, printf, "
      "locks ...), which may be interrupted halfway through in the same thread.",
      "In the handler, only set a volatile std::sig_atomic_t flag or write() to a pipe; do the "
      "work outside the handler."}},
    {"signal handler spoils errno",
     {"A signal handler changed errno. The handler runs between any two instructions of the "
      "interrupted code, which may be about to read errno after a failed call: it then reads "
      "the handler's value.",
      "Save errno on entry to the handler and restore it before returning (int saved = errno; "
      "... errno = saved;)."}},
    {"destroy of a locked mutex",
     {"A mutex was destroyed while a thread still held it.",
      "Release the lock (let its guard go out of scope) before the mutex dies, and keep the "
      "mutex alive longer than every thread that may lock it."}},
    {"unlock of an unlocked mutex (or by a wrong thread)",
     {"A mutex was unlocked that was not locked, or by a thread that did not lock it: the "
      "behaviour is undefined, and whatever the lock was meant to protect is not protected.",
      "Unlock only what this thread locked, exactly once: hold locks through std::lock_guard "
      "or std::unique_lock instead of calling unlock() by hand."}},
    {"read lock of a write locked mutex",
     {"A reader-writer lock was read-locked while it was write-locked: the reader would see "
      "the writer's half-done changes, or the thread deadlocks on itself.",
      "Do not take a shared lock on an rwlock this thread (or another) holds exclusively; "
      "release the write lock first, or use the data under the write lock."}},
    {"read unlock of a write locked mutex",
     {"A reader-writer lock held for writing was released as if it were held for reading.",
      "Pair each unlock with its own lock (std::shared_lock for readers, std::unique_lock for "
      "writers)."}},
    {"double lock of a mutex",
     {"A thread locked a mutex that was already locked (by itself or by another thread that "
      "never released it): a non-recursive mutex deadlocks or is undefined behaviour.",
      "Lock each mutex once per thread, through a guard; if a function must be called with "
      "the lock held, do not lock it again inside."}},
    {"use of an invalid mutex (e.g. uninitialized or destroyed)",
     {"A mutex was used that was never initialized or had already been destroyed.",
      "Initialize mutexes before any thread uses them (std::mutex is, by its constructor) and "
      "destroy them only after every thread is done with them."}},
    {"mutex held in the wrong context",
     {"A mutex was held where the runtime forbids it (in a signal handler or across a "
      "context switch).",
      "Release the mutex before leaving the context that took it."}},
    // Go's runtime: fatal errors with goroutine stacks, not race reports.
    {"concurrent map writes",
     {"Two goroutines used the same Go map at once, at least one of them writing. Go's maps are "
      "not safe for concurrent "
      "use; the runtime noticed and stopped the program (this is a fatal error, not a race "
      "report: it cannot be recovered).",
      "Guard the map with a sync.Mutex (or sync.RWMutex) held around every access, use "
      "sync.Map, or give each goroutine its own map and merge them after wg.Wait()."}},
    {"all goroutines are asleep - deadlock!",
     {"Every goroutine was blocked (on a channel, a mutex, a WaitGroup) and none could wake "
      "the others.",
      "Check that every send has a receiver, every Lock an Unlock, every wg.Add a Done."}},
};

} // namespace racelab
