#include "explain.h"

#include "files.h"
#include "text.h"

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

namespace racelab {

namespace {

struct KindText {
  const char* what;
  const char* cure;
};

// What each kind of report means, and what usually cures it, by the kind's name as printed.
const std::map<std::string, KindText>& kinds() {
  static const std::map<std::string, KindText> k = {
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
  return k;
}

const KindText kGoRace = {
    "Two goroutines accessed the same memory, at least one of them wrote, and nothing ordered "
    "the two accesses: no mutex held by both, no channel operation, no sync/atomic, no "
    "WaitGroup.Wait() between them. What the program computes now depends on timing.",
    "Order the accesses: hold a sync.Mutex around both, communicate the value over a channel, "
    "use sync/atomic, or wait for the goroutine (sync.WaitGroup) before reading."};

const KindText kGin = {
    "A goroutine used the handler's *gin.Context after the handler could return. Gin puts the "
    "Context back in its pool and reset()s it for the next request, so the goroutine reads "
    "(and writes) another request's data.",
    "Hand the goroutine c.Copy() (made in the handler, one copy per goroutine) and never use "
    "c itself after the handler returns."};

const KindText kExternal = {
    "Two threads used the same object of a library that declares it not thread-safe (reported "
    "through ThreadSanitizer's external-object API), at least one of them modifying it, "
    "without ordering the uses.",
    "Order the uses as the library requires: one mutex around every use of the object, or one "
    "object per thread."};

const KindText kGoSync = {
    "Go's sync package caught a misuse that breaks its guarantees (an Unlock without Lock, a "
    "WaitGroup counter below zero ...); the runtime stopped the program.",
    "Pair every Lock with exactly one Unlock (defer mu.Unlock() right after Lock), and call "
    "wg.Add before starting the goroutine that calls wg.Done."};

bool is_gin_frame(const Frame& f) {
  return f.function.find("github.com/gin-gonic/gin.") == 0 ||
         f.file.find("github.com/gin-gonic/gin/") != std::string::npos;
}

bool involves_gin(const Report& r) {
  for (const Section* s : r.problem_sections())
    for (const Frame& f : s->stack)
      if (is_gin_frame(f))
        return true;
  return false;
}

const KindText* kind_text(const Report& r) {
  if (r.go && r.kind == "data race")
    return involves_gin(r) ? &kGin : &kGoRace;
  auto k = kinds().find(r.kind);
  if (k != kinds().end())
    return &k->second;
  if (r.go && r.kind.rfind("concurrent map", 0) == 0)
    return &kinds().at("concurrent map writes");
  if (r.go && r.kind.rfind("sync: ", 0) == 0)
    return &kGoSync;
  if (r.kind.rfind("race on ", 0) == 0)
    return &kExternal;
  return nullptr;
}

std::string excerpt(const Frame& f, const ExplainOptions& o) {
  if (f.file.empty() || f.line <= 0 || !o.resolve_source)
    return {};
  std::string path = o.resolve_source(f.file);
  if (path.empty())
    return {};
  std::istringstream in(read_file(path));
  std::ostringstream out;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (n < f.line - 1)
      continue;
    if (n > f.line + 1)
      break;
    out << (n == f.line ? "      > " : "        ") << n << " | " << line << "\n";
  }
  return out.str();
}

std::string describe_access(const Access& a) {
  std::string s = a.previous ? "earlier " : "";
  s += a.atomic ? "atomic " : "";
  s += a.write ? "write" : "read";
  if (a.size > 0)
    s += " of " + std::to_string(a.size) + (a.size == 1 ? " byte" : " bytes");
  s += " by " + a.thread;
  return s;
}

// Where the frame is, and in which function; for an unsymbolized frame, how to get symbols.
std::string frame_text(const Frame& f) {
  std::string s = where(f);
  if (!f.file.empty() && !f.function.empty() && f.function != "<null>")
    s += " in " + f.function;
  return s;
}

void print_hint(const Frame& f, std::ostream& out) {
  std::string hint = symbol_hint(f);
  if (!hint.empty())
    out << "     (" << hint << ")\n";
}

void print_stack(const Section& s, std::ostream& out) {
  for (const Frame& f : s.stack)
    out << "       #" << f.index << " " << frame_text(f)
        << (f.module.empty() ? "" : "  [" + f.module + "]") << "\n";
}

void explain_accesses(const std::vector<Access>& accesses, const ExplainOptions& o,
                      std::ostream& out) {
  if (accesses.empty())
    return;
  out << "The accesses:\n";
  int i = 0;
  for (const Access& a : accesses) {
    const Frame* f = user_frame(a.section->stack, o.prefer_dir);
    out << "  " << ++i << ". " << describe_access(a);
    if (f)
      out << ", at " << frame_text(*f);
    out << "\n";
    if (f) {
      out << excerpt(*f, o);
      print_hint(*f, out);
    }
    if (o.full_stacks)
      print_stack(*a.section, out);
  }
}

bool is_creation(const Section& s) {
  return s.title.rfind("Thread T", 0) == 0 || s.title.rfind("Goroutine ", 0) == 0 ||
         s.title.rfind("created by ", 0) == 0;
}

// The memory, the lock cycle, and the titled stacks no other part of the explanation shows.
void explain_sections(const Report& r, const std::vector<Access>& accesses, const ExplainOptions& o,
                      std::ostream& out) {
  for (const Section* s : r.sections_starting("Location is"))
    out << "Memory: " << s->title.substr(12) << "\n";
  for (const Section* s : r.sections_starting("Cycle in lock order graph"))
    out << "Lock cycle: " << s->title.substr(std::min<std::size_t>(27, s->title.size())) << "\n";
  for (const Section& s : r.sections) {
    bool is_access = false;
    for (const Access& a : accesses)
      is_access = is_access || a.section == &s;
    if (is_access || s.title.rfind("Location is", 0) == 0 || is_creation(s) ||
        s.title.rfind("Cycle in", 0) == 0 || (s.title.empty() && s.stack.empty()))
      continue;
    // Other titled stacks: mutexes created or acquired, a signal handler's call, the frames of a
    // report with no title (signal-unsafe calls), a goroutine of a Go fatal error ...
    const Frame* f = user_frame(s.stack, o.prefer_dir);
    out << "  " << (s.title.empty() ? "Stack" : s.title) << (f ? ": at " + frame_text(*f) : "")
        << "\n";
    if (f) {
      out << excerpt(*f, o);
      print_hint(*f, out);
    }
    if (o.full_stacks)
      print_stack(s, out);
  }
}

void explain_threads(const Report& r, const ExplainOptions& o, std::ostream& out) {
  std::vector<const Section*> threads;
  for (const Section& s : r.sections)
    if (is_creation(s))
      threads.push_back(&s);
  if (threads.empty())
    return;
  out << "Where the " << (r.go ? "goroutines" : "threads") << " came from:\n";
  for (const Section* s : threads) {
    const Frame* f = user_frame(s->stack, o.prefer_dir);
    const std::string& title = s->title;
    std::string name = title.substr(0, title.find(" ("));
    auto by = title.find("created by ");
    std::string creator = by == std::string::npos || by == 0
                              ? ""
                              : title.substr(by + 11, title.find(" at", by) - by - 11);
    if (title.rfind("created by ", 0) == 0)
      name = "The goroutine";
    out << "  " << name << (creator.empty() ? "" : " was created by " + creator)
        << (f ? (creator.empty() ? " was created at " : " at ") + where(*f) : "") << "\n";
    if (o.full_stacks)
      print_stack(*s, out);
  }
}

// What happened and the cure: in the lesson's words for a sample's data race, else the kind's,
// with what this report adds to them.
void explain_meaning(const Report& r, const std::vector<Access>& accesses, const KindText& kind,
                     const ExplainOptions& o, std::ostream& out) {
  const bool lesson = o.lesson && r.kind == "data race";
  out << "What happened: " << (lesson ? o.lesson->what_happened : kind.what) << "\n";
  if (!lesson) {
    bool atomic = false, plain = false;
    for (const Access& a : accesses)
      (a.atomic ? atomic : plain) = true;
    if (atomic && plain)
      out << "  One access is atomic and the other is not: atomics order accesses only when "
             "every access to that memory is atomic.\n";
    for (const Section* s : r.sections_starting("Location is")) {
      if (s->title.find("freed") != std::string::npos)
        out << "  The memory had been freed in between.\n";
      if (s->title.find("file descriptor") != std::string::npos)
        out << "  The memory is a file descriptor: one thread used it (read, write, send ...) "
               "while another closed or reopened it, so the use may hit a different file that "
               "reused the number. Close a descriptor only after every thread is done with it.\n";
    }
    if (r.go && r.kind.rfind("concurrent map", 0) == 0)
      out << "  Under -race the same mistake is usually reported first as a DATA RACE inside "
             "runtime.mapassign/mapaccess.\n";
  }
  out << "The cure: " << (lesson ? o.lesson->cure : kind.cure) << "\n";
  if (o.lesson && !o.lesson->page.empty())
    out << "Read more: " << o.lesson->page << "\n";
}

void explain_problem(const Problem& p, int n, const ExplainOptions& o, std::ostream& out) {
  const Report& r = *p.report;
  out << "== " << n << ". " << r.kind << (r.go ? " (Go)" : "")
      << (r.pid.empty() ? "" : " (pid " + r.pid + ")");
  if (p.reports.size() > 1)
    out << " \u00d7 " << p.reports.size() << " reports";
  out << "\n";
  if (p.reports.size() > 1) {
    std::vector<std::string> nums;
    for (int i : p.reports)
      nums.push_back(std::to_string(i));
    out << "Reports " << join(nums) << " of the log are this one problem: the same kind at the "
        << "same lines of your code.\n";
  }
  const KindText* k = kind_text(r);
  if (!k) {
    out << "racelab does not know this kind of report; here it is as "
        << (r.go ? "Go" : "ThreadSanitizer") << " printed it:\n";
    for (const std::string& line : r.lines)
      out << line << "\n";
    out << "\n";
    return;
  }
  auto accesses = r.accesses();
  explain_accesses(accesses, o, out);
  explain_sections(r, accesses, o, out);
  explain_threads(r, o, out);
  explain_meaning(r, accesses, *k, o, out);
  if (!r.foreign.empty()) {
    out << "Output of the program interleaved with this report:\n";
    for (const std::string& line : r.foreign)
      out << "  | " << line << "\n";
  }
  if (!r.go)
    out << "SUMMARY: ThreadSanitizer: " << (r.summary.empty() ? "(missing)" : r.summary) << "\n";
  out << "\n";
}

std::string problem_place(const Problem& p) {
  std::vector<std::string> places;
  for (const Frame* f : p.frames)
    if (f && (places.empty() || places.back() != where(*f)))
      places.push_back(where(*f));
  std::string s = places.empty() ? "no user frame" : join(places, " \u2194 ");
  if (p.kind != "data race")
    s += " (" + p.kind + ")";
  return s;
}

nlohmann::json frame_json(const Frame& f) {
  return {{"function", f.function}, {"file", f.file},     {"line", f.line},
          {"column", f.column},     {"module", f.module}, {"where", where(f)}};
}

} // namespace

std::vector<Problem> group_problems(const Log& log, const std::string& prefer_dir) {
  std::vector<Problem> out;
  std::map<std::string, std::size_t> index;
  int n = 0;
  for (const Report& r : log.reports) {
    ++n;
    Problem p;
    p.kind = r.kind;
    p.report = &r;
    p.reports = {n};
    std::string key = r.kind;
    for (const Section* s : r.problem_sections()) {
      if (p.sections.size() == 2)
        break;
      const Frame* f = user_frame(s->stack, prefer_dir);
      p.sections.push_back(s);
      p.frames.push_back(f);
      key += "|" + (f ? f->file + ":" + std::to_string(f->line) + ":" + f->module : "");
    }
    // A report racelab cannot place (no stacks) is its own problem.
    if (p.frames.empty())
      key += "#" + std::to_string(n);
    auto [it, added] = index.emplace(key, out.size());
    if (added)
      out.push_back(std::move(p));
    else
      out[it->second].reports.push_back(n);
  }
  return out;
}

std::string problems_summary(const Log& log, const std::vector<Problem>& problems) {
  std::size_t n = log.reports.size();
  std::string s = std::to_string(n) + (n == 1 ? " report, " : " reports, ") +
                  std::to_string(problems.size()) +
                  (problems.size() == 1 ? " distinct problem" : " distinct problems");
  std::vector<std::string> places;
  for (const Problem& p : problems)
    places.push_back(problem_place(p) + (p.reports.size() > 1 && problems.size() > 1
                                             ? " \u00d7" + std::to_string(p.reports.size())
                                             : ""));
  if (!places.empty())
    s += ": " + join(places, "; ");
  return s;
}

std::string tsan_verdict(const Log& log, const std::string& prefer_dir) {
  for (const Report& r : log.reports) {
    if (r.kind != "data race")
      continue;
    std::vector<std::string> places;
    for (const Access& a : r.accesses())
      if (const Frame* f = user_frame(a.section->stack, prefer_dir))
        places.push_back(where(*f));
    if (places.size() >= 2)
      return "race between " + places[0] + " and " + places[1];
    return "data race";
  }
  if (!log.reports.empty())
    return log.reports.front().kind;
  return "clean";
}

std::string explain(const Log& log, const ExplainOptions& o) {
  std::ostringstream out;
  if (log.reports.empty()) {
    out << "No ThreadSanitizer report in the input.\n";
    for (const std::string& note : log.notes)
      out << "note: " << note << "\n";
    return out.str();
  }
  auto problems = group_problems(log, o.prefer_dir);
  int n = 0;
  for (const Problem& p : problems)
    explain_problem(p, ++n, o, out);
  for (const std::string& note : log.notes)
    out << "note: " << note << "\n";
  out << problems_summary(log, problems) << "\n";
  return out.str();
}

std::string explain_json(const Log& log, const ExplainOptions& o) {
  auto problems = group_problems(log, o.prefer_dir);
  nlohmann::json js = nlohmann::json::array();
  for (const Problem& p : problems) {
    const Report& r = *p.report;
    nlohmann::json places = nlohmann::json::array();
    for (std::size_t i = 0; i < p.sections.size(); ++i) {
      nlohmann::json place = {{"title", p.sections[i]->title}};
      place["frame"] = p.frames[i] ? frame_json(*p.frames[i]) : nlohmann::json(nullptr);
      if (o.full_stacks) {
        place["stack"] = nlohmann::json::array();
        for (const Frame& f : p.sections[i]->stack)
          place["stack"].push_back(frame_json(f));
      }
      places.push_back(place);
    }
    const KindText* k = kind_text(r);
    js.push_back({{"kind", r.kind},
                  {"go", r.go},
                  {"known", k != nullptr},
                  {"count", p.reports.size()},
                  {"reports", p.reports},
                  {"where", problem_place(p)},
                  {"places", places},
                  {"summary", r.summary},
                  {"truncated", r.truncated},
                  {"what", k ? k->what : ""},
                  {"cure", k ? k->cure : ""}});
  }
  nlohmann::json j = {{"reports", log.reports.size()},
                      {"problems", js},
                      {"notes", log.notes},
                      {"summary", problems_summary(log, problems)}};
  // Logs may carry bytes that are not UTF-8 (file names, program output): replaced, not fatal.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace racelab
