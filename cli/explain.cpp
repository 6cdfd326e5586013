#include "explain.h"

#include "files.h"
#include "report_kinds.h"
#include "text.h"

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

namespace racelab {

namespace {

// The kinds explain tells apart beyond the runtime's name (messages_kinds.def has their texts).
const KindText kGoRace{Msg::kind_go_race_what, Msg::kind_go_race_cure};
const KindText kGin{Msg::kind_gin_what, Msg::kind_gin_cure};
const KindText kExternal{Msg::kind_external_what, Msg::kind_external_cure};
const KindText kGoSync{Msg::kind_go_sync_what, Msg::kind_go_sync_cure};

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
  auto k = kReportKinds.find(r.kind);
  if (k != kReportKinds.end())
    return &k->second;
  if (r.go && r.kind.rfind("concurrent map", 0) == 0)
    return &kReportKinds.at("concurrent map writes");
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

// "main thread" and "thread T1" as TSan names them, in the user's language.
std::string thread_name(const std::string& thread) {
  if (thread == "main thread")
    return tr(Msg::ex_main_thread);
  if (thread.rfind("thread ", 0) == 0)
    return tr(Msg::ex_thread, {thread.substr(7)});
  return thread;
}

std::string describe_access(const Access& a) {
  std::string s = tr(a.write ? Msg::ex_write : Msg::ex_read);
  if (a.atomic)
    s = tr(Msg::ex_atomic, {s});
  if (a.size > 0)
    s = a.size == 1 ? tr(Msg::ex_byte, {s}) : tr(Msg::ex_bytes, {s, std::to_string(a.size)});
  if (a.previous)
    s = tr(Msg::ex_earlier, {s});
  return tr(Msg::ex_by, {s, thread_name(a.thread)});
}

// Where the frame is, and in which function; for an unsymbolized frame, how to get symbols.
std::string frame_text(const Frame& f) {
  std::string s = where(f);
  if (!f.file.empty() && !f.function.empty() && f.function != "<null>")
    s = tr(Msg::ex_frame_in, {s, f.function});
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
  out << tr(Msg::ex_accesses) << "\n";
  int i = 0;
  for (const Access& a : accesses) {
    const Frame* f = user_frame(a.section->stack, o.prefer_dir);
    const std::string access = describe_access(a);
    out << "  " << ++i << ". " << (f ? tr(Msg::ex_access_at, {access, frame_text(*f)}) : access)
        << "\n";
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
    out << tr(Msg::ex_memory, {s->title.substr(12)}) << "\n";
  for (const Section* s : r.sections_starting("Cycle in lock order graph"))
    out << tr(Msg::ex_lock_cycle, {s->title.substr(std::min<std::size_t>(27, s->title.size()))})
        << "\n";
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
    const std::string title = s.title.empty() ? tr(Msg::ex_stack) : s.title;
    out << "  " << (f ? tr(Msg::ex_titled_at, {title, frame_text(*f)}) : title) << "\n";
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
  out << tr(r.go ? Msg::ex_goroutines_from : Msg::ex_threads_from) << "\n";
  for (const Section* s : threads) {
    const Frame* f = user_frame(s->stack, o.prefer_dir);
    const std::string& title = s->title;
    std::string name = title.substr(0, title.find(" ("));
    auto by = title.find("created by ");
    std::string creator = by == std::string::npos || by == 0
                              ? ""
                              : title.substr(by + 11, title.find(" at", by) - by - 11);
    if (title.rfind("created by ", 0) == 0)
      name = tr(Msg::ex_the_goroutine);
    else if (name.rfind("Thread ", 0) == 0)
      name = tr(Msg::ex_thread_capital, {name.substr(7)});
    creator = thread_name(creator);
    out << "  "
        << (!creator.empty() && f ? tr(Msg::ex_created_by_at, {name, creator, where(*f)})
            : !creator.empty()    ? tr(Msg::ex_created_by, {name, creator})
            : f                   ? tr(Msg::ex_created_at, {name, where(*f)})
                                  : name)
        << "\n";
    if (o.full_stacks)
      print_stack(*s, out);
  }
}

// What happened and the cure: in the lesson's words for a sample's data race, else the kind's,
// with what this report adds to them.
void explain_meaning(const Report& r, const std::vector<Access>& accesses, const KindText& kind,
                     const ExplainOptions& o, std::ostream& out) {
  const bool lesson = o.lesson && r.kind == "data race";
  out << tr(Msg::ex_what_happened, {lesson ? o.lesson->what_happened : tr(kind.what_msg)}) << "\n";
  if (!lesson) {
    bool atomic = false, plain = false;
    for (const Access& a : accesses)
      (a.atomic ? atomic : plain) = true;
    if (atomic && plain)
      out << "  " << tr(Msg::ex_mixed_atomic) << "\n";
    for (const Section* s : r.sections_starting("Location is")) {
      if (s->title.find("freed") != std::string::npos)
        out << "  " << tr(Msg::ex_freed_between) << "\n";
      if (s->title.find("file descriptor") != std::string::npos)
        out << "  " << tr(Msg::ex_file_descriptor) << "\n";
    }
    if (r.go && r.kind.rfind("concurrent map", 0) == 0)
      out << "  " << tr(Msg::ex_go_map_race) << "\n";
  }
  out << tr(Msg::ex_cure, {lesson ? o.lesson->cure : tr(kind.cure_msg)}) << "\n";
  if (o.lesson && !o.lesson->page.empty())
    out << tr(Msg::ex_read_more, {o.lesson->page}) << "\n";
}

void explain_problem(const Problem& p, int n, const ExplainOptions& o, std::ostream& out) {
  const Report& r = *p.report;
  out << tr(Msg::ex_heading, {std::to_string(n), r.kind}) << (r.go ? tr(Msg::ex_go) : "")
      << (r.pid.empty() ? "" : tr(Msg::ex_pid, {r.pid}));
  if (p.reports.size() > 1)
    out << tr(Msg::ex_times_reports, {std::to_string(p.reports.size())});
  out << "\n";
  if (p.reports.size() > 1) {
    std::vector<std::string> nums;
    for (int i : p.reports)
      nums.push_back(std::to_string(i));
    out << tr(Msg::ex_same_problem, {join(nums, tr(Msg::tour_list_separator))}) << "\n";
  }
  const KindText* k = kind_text(r);
  if (!k) {
    out << tr(Msg::ex_unknown_kind, {r.go ? "Go" : "ThreadSanitizer"}) << "\n";
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
    out << tr(Msg::ex_interleaved) << "\n";
    for (const std::string& line : r.foreign)
      out << "  | " << line << "\n";
  }
  if (!r.go)
    out << "SUMMARY: ThreadSanitizer: "
        << (r.summary.empty() ? tr(Msg::ex_summary_missing) : r.summary) << "\n";
  out << "\n";
}

std::string problem_place(const Problem& p, Lang lang) {
  std::vector<std::string> places;
  for (const Frame* f : p.frames)
    if (f && (places.empty() || places.back() != where(*f)))
      places.push_back(where(*f));
  std::string s = places.empty() ? tr_in(lang, Msg::ex_no_user_frame) : join(places, " \u2194 ");
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
      // A place is its file and line; only an unsymbolized frame is told by its module+offset
      // (the offset differs between reports of one line: a memcpy inlined there, another read).
      key += "|" + (!f                ? std::string()
                    : f->file.empty() ? f->module
                                      : f->file + ":" + std::to_string(f->line));
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

std::string problems_summary(const Log& log, const std::vector<Problem>& problems, Lang lang) {
  const std::size_t n = log.reports.size(), m = problems.size();
  std::string s =
      tr_in(lang, Msg::ex_summary,
            {tr_in(lang, n == 1 ? Msg::ex_reports_1 : Msg::ex_reports_n, {std::to_string(n)}),
             tr_in(lang, m == 1 ? Msg::ex_problems_1 : Msg::ex_problems_n, {std::to_string(m)})});
  std::vector<std::string> places;
  for (const Problem& p : problems)
    places.push_back(problem_place(p, lang) + (p.reports.size() > 1 && problems.size() > 1
                                                   ? " \u00d7" + std::to_string(p.reports.size())
                                                   : ""));
  if (!places.empty())
    s = tr_in(lang, Msg::ex_summary_places,
              {s, join(places, tr_in(lang, Msg::ex_places_separator))});
  return s;
}

std::string tsan_verdict(const Log& log, const std::string& prefer_dir, Lang lang) {
  for (const Report& r : log.reports) {
    if (r.kind != "data race")
      continue;
    std::vector<std::string> places;
    for (const Access& a : r.accesses())
      if (const Frame* f = user_frame(a.section->stack, prefer_dir))
        places.push_back(where(*f));
    if (places.size() >= 2)
      return tr_in(lang, Msg::tour_race_between, {places[0], places[1]});
    return tr_in(lang, Msg::tour_data_race);
  }
  if (!log.reports.empty())
    return log.reports.front().kind;
  return tr_in(lang, Msg::tour_tsan_clean);
}

std::string explain(const Log& log, const ExplainOptions& o) {
  std::ostringstream out;
  if (log.reports.empty()) {
    out << tr(Msg::ex_no_report) << "\n";
    for (const std::string& note : log.notes)
      out << tr(Msg::ex_note, {note}) << "\n";
    return out.str();
  }
  auto problems = group_problems(log, o.prefer_dir);
  int n = 0;
  for (const Problem& p : problems)
    explain_problem(p, ++n, o, out);
  for (const std::string& note : log.notes)
    out << tr(Msg::ex_note, {note}) << "\n";
  out << problems_summary(log, problems, language()) << "\n";
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
                  {"where", problem_place(p, Lang::en)},
                  {"places", places},
                  {"summary", r.summary},
                  {"truncated", r.truncated},
                  {"what", k ? k->what : ""},
                  {"cure", k ? k->cure : ""}});
  }
  nlohmann::json j = {{"reports", log.reports.size()},
                      {"problems", js},
                      {"notes", log.notes},
                      {"summary", problems_summary(log, problems, Lang::en)}};
  // Logs may carry bytes that are not UTF-8 (file names, program output): replaced, not fatal.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace racelab
