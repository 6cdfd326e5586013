// A problem's timeline (timeline.h) from the sections of its first report: who the threads are,
// where they were created, and what each kind of report has to show.
#include "timeline.h"

#include "html_words.h"
#include "text.h"

#include <algorithm>
#include <map>
#include <regex>

namespace racelab {

namespace w = html_words;

namespace {

// "thread T1" and "Thread T1" are lane "T1"; "main thread", "goroutine 8", "main goroutine" stay.
std::string lane_name(const std::string& thread) {
  for (std::string prefix : {"thread ", "Thread "})
    if (thread.rfind(prefix, 0) == 0)
      return thread.substr(prefix.size());
  return thread;
}

std::string sized(const std::string& what, int size) {
  if (size <= 0)
    return what;
  return what + " " + w::kOf + " " + std::to_string(size) + " " +
         (size == 1 ? w::kByte : w::kBytes);
}

// "(mutexes: write M0, read M1)" in an access's title: "M0 (write), M1 (read)".
std::string mutexes_held(const std::string& title) {
  static const std::regex list_re(R"(\(mutexes: ([^)]*)\))");
  static const std::regex item_re(R"((read|write) (M\d+))");
  std::smatch m;
  if (!std::regex_search(title, m, list_re))
    return {};
  const std::string list = m[1];
  std::vector<std::string> held;
  for (std::sregex_iterator it(list.begin(), list.end(), item_re), end; it != end; ++it)
    held.push_back((*it)[2].str() + " (" + (*it)[1].str() + ")");
  return join(held);
}

struct Creation {
  std::string created, creator; ///< lane names; creator "" when the report names none
};

// The thread a creation section creates: "Thread T1 (tid=…) created by main thread at",
// Go's "Goroutine 8 (running) created at", a fatal error's "created by main.main" (under the
// stack of the goroutine it created).
bool parse_creation(const std::string& title, const std::string& last_goroutine, Creation& c) {
  static const std::regex cxx(R"(^Thread (T\d+)\b.*?created by (main thread|thread T\d+) at.*)");
  static const std::regex go(R"(^Goroutine (\d+) \(.*\) created at.*)");
  std::smatch m;
  if (std::regex_match(title, m, cxx))
    c = {m[1], lane_name(m[2])};
  else if (std::regex_match(title, m, go))
    c = {"goroutine " + std::string(m[1]), ""};
  else if (title.rfind("created by ", 0) == 0 && !last_goroutine.empty())
    c = {last_goroutine, ""};
  else
    return false;
  return true;
}

// A Go fatal error's goroutine dump: "goroutine 3 [runnable]" is lane "goroutine 3".
std::string fatal_goroutine(const std::string& title) {
  static const std::regex re(R"(^(goroutine \d+) \[.*\]$)");
  std::smatch m;
  return std::regex_match(title, m, re) ? std::string(m[1]) : std::string();
}

// "Mutex M1 acquired here while holding mutex M0 in thread T1".
struct LockStep {
  std::string acquired, holding, thread;
};
bool parse_lock_step(const std::string& title, LockStep& l) {
  static const std::regex re(
      R"(^Mutex (M\d+) acquired here while holding mutex (M\d+) in (main thread|thread T\d+).*)");
  std::smatch m;
  if (!std::regex_match(title, m, re))
    return false;
  l = {m[1], m[2], lane_name(m[3])};
  return true;
}

class Builder {
public:
  Builder(const Problem& p, const std::string& prefer_dir) : r_(*p.report), prefer_(prefer_dir) {}

  Timeline build() {
    seed_lanes();
    creations();
    auto accesses = r_.accesses();
    if (!accesses.empty())
      add_accesses(accesses);
    else if (!add_lock_cycle() && !add_go_fatal())
      add_other_sections();
    if (r_.kind == "thread leak")
      add_leaks();
    return std::move(t_);
  }

private:
  int lane(const std::string& name) {
    auto it = std::find(t_.lanes.begin(), t_.lanes.end(), name);
    if (it != t_.lanes.end())
      return int(it - t_.lanes.begin());
    t_.lanes.push_back(name);
    return int(t_.lanes.size()) - 1;
  }

  int add(TimelineEvent e, const Section* s) {
    if (s) {
      e.frame = user_frame(s->stack, prefer_);
      e.title = s->title;
    }
    t_.events.push_back(std::move(e));
    return int(t_.events.size()) - 1;
  }

  // Every thread the report names, the main thread or goroutine first, the others in order.
  void seed_lanes() {
    std::vector<std::string> names;
    std::string last;
    for (const Section& s : r_.sections) {
      Creation c;
      LockStep l;
      if (parse_creation(s.title, last, c))
        names.insert(names.end(), {c.creator, c.created});
      else if (parse_lock_step(s.title, l))
        names.push_back(l.thread);
      else if (std::string g = fatal_goroutine(s.title); !g.empty())
        names.push_back(last = g);
    }
    for (const Access& a : r_.accesses())
      names.push_back(lane_name(a.thread));
    for (bool main : {true, false})
      for (const std::string& n : names)
        if (!n.empty() && (n.rfind("main ", 0) == 0) == main)
          lane(n);
  }

  void creations() {
    std::string last;
    for (const Section& s : r_.sections) {
      Creation c;
      if (std::string g = fatal_goroutine(s.title); !g.empty())
        last = g;
      if (!parse_creation(s.title, last, c))
        continue;
      TimelineEvent e;
      e.kind = TimelineEvent::Kind::Created;
      e.lane = lane(c.created);
      e.spawned_by = c.creator.empty() ? -1 : lane(c.creator);
      e.label = c.creator.empty() ? w::kCreated : std::string(w::kCreatedBy) + " " + c.creator;
      add(e, &s);
    }
  }

  // Oldest first: the "Previous" access happened before the one that was caught.
  void add_accesses(const std::vector<Access>& accesses) {
    std::vector<Access> oldest_first;
    for (bool previous : {true, false})
      for (const Access& a : accesses)
        if (a.previous == previous)
          oldest_first.push_back(a);
    const bool uaf = r_.kind == "heap-use-after-free";
    std::vector<int> marks;
    for (const Access& a : oldest_first) {
      TimelineEvent e;
      e.kind = uaf && a.previous ? TimelineEvent::Kind::Free : TimelineEvent::Kind::Access;
      e.lane = lane(lane_name(a.thread));
      e.write = a.write;
      e.atomic = a.atomic;
      std::string rw = std::string(a.atomic ? std::string(w::kAtomic) + " " : "") +
                       (a.write ? w::kWrite : w::kRead);
      e.label = e.kind == TimelineEvent::Kind::Free
                    ? std::string(w::kFreed) + " (" + sized(rw, a.size) + ")"
                    : sized(rw, a.size);
      e.held = mutexes_held(a.section->title);
      marks.push_back(add(e, a.section));
    }
    if (marks.size() >= 2)
      t_.edges.push_back(
          {marks.front(), marks.back(), uaf ? w::kUsedAfterFree : w::kNoHappensBefore});
  }

  // A lock-order inversion: each thread's acquisition, and who waits for whom in the cycle.
  bool add_lock_cycle() {
    std::vector<std::pair<int, LockStep>> steps;
    for (const Section& s : r_.sections) {
      LockStep l;
      if (!parse_lock_step(s.title, l))
        continue;
      TimelineEvent e;
      e.kind = TimelineEvent::Kind::Lock;
      e.lane = lane(l.thread);
      e.label =
          std::string(w::kAcquires) + " " + l.acquired + " " + w::kWhileHolding + " " + l.holding;
      e.held = l.holding;
      steps.emplace_back(add(e, &s), l);
    }
    for (const auto& [i, held] : steps)
      for (const auto& [j, wants] : steps)
        if (i != j && wants.acquired == held.holding)
          t_.edges.push_back({j, i, std::string(w::kWaitsFor) + " " + wants.acquired});
    for (const Section* s : r_.sections_starting("Cycle in lock order graph")) {
      static const std::regex address(R"( \(0x[0-9a-fA-F]+\))");
      t_.caption = std::regex_replace(s->title, address, "");
    }
    return !steps.empty();
  }

  // Go's fatal "concurrent map writes": the goroutines' stacks when the runtime stopped.
  bool add_go_fatal() {
    if (!r_.go)
      return false;
    std::vector<int> marks;
    for (const Section& s : r_.sections) {
      std::string g = fatal_goroutine(s.title);
      if (g.empty() || s.stack.empty())
        continue;
      TimelineEvent e;
      e.lane = lane(g);
      e.label = std::string(w::kAtFatalError) + " (" +
                s.title.substr(s.title.find('[') + 1, s.title.size() - s.title.find('[') - 2) + ")";
      marks.push_back(add(e, &s));
    }
    if (marks.size() >= 2)
      t_.edges.push_back({marks.back(), marks.front(), w::kNoHappensBefore});
    return !marks.empty();
  }

  // Mutex misuse, signals, kinds racelab does not know: each titled stack, the mutex's creation
  // first and the stack of the report itself (untitled, the reporting thread's) last.
  void add_other_sections() {
    std::vector<const Section*> order;
    for (int pass = 0; pass < 3; ++pass)
      for (const Section& s : r_.sections) {
        const bool created = s.title.rfind("Mutex ", 0) == 0;
        const bool untitled = s.title.empty();
        if (s.stack.empty() || s.title.rfind("Location is", 0) == 0 ||
            s.title.rfind("Thread T", 0) == 0 || s.title.rfind("Goroutine ", 0) == 0 ||
            s.title.rfind("created by ", 0) == 0)
          continue;
        if ((pass == 0 && created) || (pass == 1 && !created && !untitled) ||
            (pass == 2 && untitled))
          order.push_back(&s);
      }
    int locked = -1, last = -1;
    for (const Section* s : order) {
      TimelineEvent e;
      e.kind =
          s->title.rfind("Mutex ", 0) == 0 ? TimelineEvent::Kind::Lock : TimelineEvent::Kind::Stack;
      e.lane = lane(w::kReportingThread);
      if (s->title.empty())
        e.label = r_.kind;
      else if (s->title == "and" && r_.kind == "destroy of a locked mutex")
        e.label = w::kLockedHere;
      else if (e.kind == TimelineEvent::Kind::Lock)
        e.label = std::string(w::kMutex) + " " + words(s->title).at(1) + " " + w::kMutexCreated;
      else
        e.label = s->title;
      last = add(e, s);
      if (e.label == w::kLockedHere)
        locked = last;
    }
    if (locked >= 0 && last != locked)
      t_.edges.push_back({locked, last, w::kStillLocked});
  }

  void add_leaks() {
    const std::size_t n = t_.events.size();
    for (std::size_t i = 0; i < n; ++i)
      if (t_.events[i].kind == TimelineEvent::Kind::Created) {
        TimelineEvent e;
        e.kind = TimelineEvent::Kind::Leak;
        e.lane = t_.events[i].lane;
        e.label = w::kNeverJoined;
        add(e, nullptr);
      }
  }

  const Report& r_;
  std::string prefer_;
  Timeline t_;
};

} // namespace

Timeline build_timeline(const Problem& p, const std::string& prefer_dir) {
  return Builder(p, prefer_dir).build();
}

} // namespace racelab
