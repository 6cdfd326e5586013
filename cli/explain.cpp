#include "explain.h"

#include "files.h"

#include <map>
#include <sstream>

namespace racelab {

namespace {

struct KindText {
  const char* what;
  const char* cure;
};

// What each kind of report means, and what usually cures it.
const std::map<std::string, KindText>& kinds() {
  static const std::map<std::string, KindText> k = {
      {"data race",
       {"Two threads accessed the same memory, at least one of them wrote, and nothing ordered "
        "the two accesses: no mutex held by both, no atomic, no join or other happens-before "
        "between them. What the program computes now depends on timing.",
        "Order the accesses: hold one mutex around both, make the variable std::atomic, or join "
        "the thread before reading. If the memory belongs to a request context, give the thread "
        "an owning copy (c.copy()) instead of the context."}},
      {"heap-use-after-free",
       {"A thread used heap memory after another thread had freed it.",
        "Keep the object alive while any thread may use it: join first, or share ownership "
        "(std::shared_ptr) with the thread."}},
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
      {"destroy of a locked mutex",
       {"A mutex was destroyed while a thread still held it.",
        "Release the lock (let its guard go out of scope) before the mutex dies, and keep the "
        "mutex alive longer than every thread that may lock it."}},
  };
  return k;
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
  s += " of " + std::to_string(a.size) + (a.size == 1 ? " byte" : " bytes");
  s += " by " + a.thread;
  return s;
}

} // namespace

std::string tsan_verdict(const Log& log, const std::string& prefer_dir) {
  for (const Report& r : log.reports) {
    if (r.kind != "data race")
      continue;
    std::vector<std::string> places;
    for (const Access& a : r.accesses())
      if (const Frame* f = telling_frame(a.section->stack, prefer_dir))
        places.push_back(where(*f));
    if (places.size() >= 2)
      return "race between " + places[0] + " and " + places[1];
    return "data race";
  }
  if (!log.reports.empty())
    return log.reports.front().kind;
  return "clean";
}

namespace {

void explain_accesses(const std::vector<Access>& accesses, const ExplainOptions& o,
                      std::ostream& out) {
  if (accesses.empty())
    return;
  out << "The accesses:\n";
  int i = 0;
  for (const Access& a : accesses) {
    const Frame* f = telling_frame(a.section->stack, o.prefer_dir);
    out << "  " << ++i << ". " << describe_access(a);
    if (f)
      out << ", at " << where(*f) << " in " << f->function;
    out << "\n";
    if (f)
      out << excerpt(*f, o);
  }
}

// The memory, the lock cycle, and the titled stacks no other part of the explanation shows.
void explain_sections(const Report& r, const std::vector<Access>& accesses, const ExplainOptions& o,
                      std::ostream& out) {
  for (const Section* s : r.sections_starting("Location is"))
    out << "Memory: " << s->title.substr(12) << "\n";
  for (const Section* s : r.sections_starting("Cycle in lock order graph"))
    out << "Lock cycle: " << s->title.substr(27) << "\n";
  for (const Section& s : r.sections) {
    bool is_access = false;
    for (const Access& a : accesses)
      is_access = is_access || a.section == &s;
    if (is_access || s.title.rfind("Location is", 0) == 0 || s.title.rfind("Thread T", 0) == 0 ||
        s.title.rfind("Cycle in", 0) == 0 || s.title.empty())
      continue;
    // Other titled stacks: mutexes created or acquired, a signal handler's call, the thread
    // that leaked ...
    const Frame* f = telling_frame(s.stack, o.prefer_dir);
    out << "  " << s.title << (f ? " (" + where(*f) + ")" : "") << "\n";
  }
}

void explain_threads(const Report& r, const ExplainOptions& o, std::ostream& out) {
  auto threads = r.sections_starting("Thread T");
  if (threads.empty())
    return;
  out << "Where the threads came from:\n";
  for (const Section* s : threads) {
    const Frame* f = telling_frame(s->stack, o.prefer_dir);
    const std::string& title = s->title;
    std::string name = title.substr(0, title.find(" ("));
    auto by = title.find("created by ");
    std::string creator =
        by == std::string::npos ? "" : title.substr(by + 11, title.find(" at", by) - by - 11);
    out << "  " << name << (creator.empty() ? "" : " was created by " + creator)
        << (f ? " at " + where(*f) : "") << "\n";
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
    for (const Section* s : r.sections_starting("Location is"))
      if (s->title.find("freed") != std::string::npos)
        out << "  The memory had been freed in between.\n";
  }
  out << "The cure: " << (lesson ? o.lesson->cure : kind.cure) << "\n";
  if (o.lesson && !o.lesson->page.empty())
    out << "Read more: " << o.lesson->page << "\n";
}

void explain_report(const Report& r, int n, const ExplainOptions& o, std::ostream& out) {
  out << "== " << n << ". " << r.kind << (r.pid.empty() ? "" : " (pid " + r.pid + ")") << "\n";
  auto k = kinds().find(r.kind);
  if (k == kinds().end()) {
    out << "racelab does not know this kind of report; here it is as ThreadSanitizer printed "
           "it:\n";
    for (const std::string& line : r.lines)
      out << line << "\n";
    out << "\n";
    return;
  }
  auto accesses = r.accesses();
  explain_accesses(accesses, o, out);
  explain_sections(r, accesses, o, out);
  explain_threads(r, o, out);
  explain_meaning(r, accesses, k->second, o, out);
  if (!r.foreign.empty()) {
    out << "Output of the program interleaved with this report:\n";
    for (const std::string& line : r.foreign)
      out << "  | " << line << "\n";
  }
  out << "SUMMARY: ThreadSanitizer: " << (r.summary.empty() ? "(missing)" : r.summary) << "\n\n";
}

} // namespace

std::string explain(const Log& log, const ExplainOptions& o) {
  std::ostringstream out;
  if (log.reports.empty())
    out << "No ThreadSanitizer report in the input.\n";
  int n = 0;
  for (const Report& r : log.reports)
    explain_report(r, ++n, o, out);
  for (const std::string& note : log.notes)
    out << "note: " << note << "\n";
  return out.str();
}

} // namespace racelab
