// The page of explain --html and run --html (explain_html.h), built from the same problems as
// the text and JSON (group_problems): no script, no request, one file that prints and that a
// narrow screen scrolls only inside the pictures. Every string from the log is escaped.
#include "explain_html.h"

#include "files.h"
#include "html_words.h"
#include "text.h"
#include "timeline.h"
#include "tsan_frames.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace racelab {

namespace w = html_words;

namespace {

// The length of the UTF-8 character at s[i], 0 when the bytes there are not one (or are a
// character XML forbids: a surrogate, U+FFFE, U+FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
  if (n == 0 || i + n > s.size())
    return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
  const unsigned char c1 = byte(i + 1);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
      (c == 0xF4 && c1 >= 0x90) || (c == 0xEF && c1 == 0xBF && byte(i + 2) >= 0xBE))
    return 0;
  return n;
}

constexpr const char* kStyle = R"(
:root{color-scheme:light}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1d21;
background:#fff;margin:0 auto;max-width:64rem;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;margin:0 0 .25rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
.summary{font-weight:600;font-size:1.05rem;border-left:4px solid #c0161b;padding:.25rem .75rem;
background:#fbf3f3}
.problem{border-top:2px solid #d6d9de;padding-top:1rem;margin-top:1.5rem}
.count{color:#5b6270;font-weight:400}.where{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.88rem}
pre{background:#f5f6f8;border:1px solid #e1e4e8;padding:.5rem .75rem;overflow-x:auto;margin:.35rem 0}
pre mark{background:#ffe28a;color:inherit;display:inline-block;min-width:100%}
.ln{color:#6b7280;user-select:none}
.scroll{overflow-x:auto;border:1px solid #e1e4e8;border-radius:4px;padding:.25rem;background:#fff}
svg.timeline{display:block;width:100%;height:auto;min-width:640px}
figure{margin:.75rem 0}figcaption{color:#4b5160;font-size:.88rem;margin-top:.35rem}
.timeline text{font-family:system-ui,sans-serif;font-size:13px;fill:#1b1d21}
.timeline .lane-name{font-weight:700;font-size:14px}
.timeline .label{font-weight:600}
.timeline .place,.timeline .src{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
.timeline .src{fill:#4b5160}.timeline .held{fill:#8a4b00}.timeline .caption{font-weight:600}
.lane-line{stroke:#9aa1ad;stroke-width:2}
.spawn{stroke:#6b7280;stroke-width:1.5}.arrow-grey{fill:#6b7280}.arrow-red{fill:#c0161b}
.mark.write{fill:#1f4fbf}.mark.read{fill:#fff;stroke:#1f4fbf;stroke-width:3}
.mark.atomic{fill:none;stroke:#0a7d5a;stroke-width:2}
.mark.free{stroke:#8b1a1a;stroke-width:4;fill:none}.mark.lock{fill:#b26b00}
.mark.created{fill:#4b5160}.mark.stack{fill:#6d28d9}
.mark.leak{fill:#fff;stroke:#8b1a1a;stroke-width:2;stroke-dasharray:3 2}
.no-hb{fill:none;stroke:#c0161b;stroke-width:2.2;stroke-dasharray:7 5}
.timeline .edge-label{fill:#c0161b;font-weight:700;paint-order:stroke;stroke:#fff;stroke-width:5px}
.notes{color:#4b5160}
@media (max-width:40rem){body{font-size:14px;padding:.5rem .6rem 2rem}h1{font-size:1.25rem}}
@media print{body{max-width:none;padding:0}.scroll{overflow:visible;border:0}
svg.timeline{min-width:0}.problem{break-inside:avoid-page}pre{white-space:pre-wrap}}
)";

// The files the report names, read once each.
class Sources {
public:
  explicit Sources(const ExplainOptions& o) : options_(o) {}

  // The lines of the frame's file; nullptr when it is not found here.
  const std::vector<std::string>* lines(const Frame& f) {
    if (f.file.empty() || !options_.resolve_source)
      return nullptr;
    auto it = cache_.find(f.file);
    if (it == cache_.end()) {
      std::optional<std::vector<std::string>> text;
      std::string path = options_.resolve_source(f.file);
      bool ok = false;
      std::string content = path.empty() ? std::string() : read_file(path, &ok);
      if (ok)
        text = split_lines(content);
      it = cache_.emplace(f.file, std::move(text)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  std::string line(const Frame& f) {
    const auto* l = lines(f);
    return l && f.line > 0 && std::size_t(f.line) <= l->size() ? (*l)[f.line - 1] : "";
  }

private:
  const ExplainOptions& options_;
  std::map<std::string, std::optional<std::vector<std::string>>> cache_;
};

// A few lines around the frame's line, that line marked; or why there is no excerpt.
void write_excerpt(const Frame& f, Sources& sources, std::ostream& out) {
  if (f.file.empty() || f.line <= 0) {
    if (std::string hint = symbol_hint(f); !hint.empty())
      out << "<p class=\"hint\">" << html_escape(hint) << "</p>";
    return;
  }
  const auto* lines = sources.lines(f);
  if (!lines) {
    out << "<p class=\"nosource\"><code>" << html_escape(f.file) << "</code> " << w::kNoSource
        << "</p>";
    return;
  }
  out << "<pre class=\"src\"><code>";
  for (int n = std::max(1, f.line - 2); n <= f.line + 2 && std::size_t(n) <= lines->size(); ++n) {
    std::string text =
        "<span class=\"ln\">" + std::to_string(n) + " </span>" + html_escape((*lines)[n - 1]);
    out << (n == f.line ? "<mark>" + text + "</mark>" : text) << "\n";
  }
  out << "</code></pre>";
}

// Each event of the timeline at its user frame, in words, with the source around it.
void write_places(const Timeline& t, Sources& sources, std::ostream& out) {
  out << "<h3>" << w::kWhere << "</h3><ol class=\"places\">";
  for (const TimelineEvent& e : t.events) {
    if (e.kind == TimelineEvent::Kind::Leak)
      continue;
    out << "<li><strong>" << html_escape(t.lanes[e.lane]) << ": " << html_escape(e.label)
        << "</strong>";
    if (!e.held.empty())
      out << ", " << w::kMutex << " " << html_escape(e.held) << " " << w::kHeld;
    if (e.frame) {
      out << ", " << w::kAt << " <code class=\"where\">" << html_escape(where(*e.frame))
          << "</code>";
      if (!e.frame->file.empty() && !e.frame->function.empty() && e.frame->function != "<null>")
        out << " " << w::kIn << " <code>" << html_escape(e.frame->function) << "</code>";
      write_excerpt(*e.frame, sources, out);
    } else {
      out << " (" << w::kNoUserFrame << ")";
    }
    out << "</li>";
  }
  out << "</ol>";
}

// What happened and the cure: the lesson's words for a sample's data race, else the kind's (as
// --format json gives them: `known`, `what`, `cure`).
void write_meaning(const Report& r, const nlohmann::json& j, const ExplainOptions& o,
                   std::ostream& out) {
  const bool lesson = o.lesson && r.kind == "data race";
  if (!j.value("known", false) && !lesson) {
    out << "<p>" << w::kUnknownKind << "</p><pre>";
    for (const std::string& line : r.lines)
      out << html_escape(line) << "\n";
    out << "</pre>";
    return;
  }
  out << "<h3>" << w::kWhatHappened << "</h3><p>"
      << html_escape(lesson ? o.lesson->what_happened : j.value("what", "")) << "</p><h3>"
      << w::kCure << "</h3><p>" << html_escape(lesson ? o.lesson->cure : j.value("cure", ""))
      << "</p>";
  if (o.lesson && !o.lesson->page.empty())
    out << "<p>" << w::kReadMore << " <code>" << html_escape(o.lesson->page) << "</code></p>";
}

// One problem: `p` for its report's sections, `j` for its words (explain_json's problem).
void write_problem(const Problem& p, const nlohmann::json& j, int n, const ExplainOptions& o,
                   Sources& sources, std::ostream& out) {
  const Report& r = *p.report;
  const std::string id = "p" + std::to_string(n);
  out << "<section class=\"problem\" id=\"" << id << "\"><h2>" << n << ". " << html_escape(r.kind)
      << (r.go ? " (Go)" : "");
  if (p.reports.size() > 1)
    out << " <span class=\"count\">\u00d7 " << p.reports.size() << " " << w::kReports << "</span>";
  out << "</h2><p class=\"where\">" << html_escape(j.value("where", "")) << "</p>";
  Timeline t = build_timeline(p, o.prefer_dir);
  out << "<figure><div class=\"scroll\">"
      << timeline_svg(t, id, [&](const Frame& f) { return sources.line(f); })
      << "</div><figcaption>" << w::kTimelineHow << "</figcaption></figure>";
  write_places(t, sources, out);
  write_meaning(r, j, o, out);
  if (!r.foreign.empty()) {
    out << "<p>" << w::kInterleaved << "</p><pre>";
    for (const std::string& line : r.foreign)
      out << html_escape(line) << "\n";
    out << "</pre>";
  }
  out << "</section>\n";
}

} // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const char* ref = c == '&'    ? "&amp;"
                      : c == '<'  ? "&lt;"
                      : c == '>'  ? "&gt;"
                      : c == '"'  ? "&quot;"
                      : c == '\'' ? "&#39;"
                                  : nullptr;
    if (ref) {
      out += ref;
      ++i;
    } else if (c >= 0x80) {
      std::size_t n = utf8_length(s, i);
      out += n ? std::string(s.substr(i, n)) : "\uFFFD";
      i += n ? n : 1;
    } else {
      out += (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ? "\uFFFD" : std::string(1, char(c));
      ++i;
    }
  }
  return out;
}

// The problems as group_problems() finds them (for their reports' sections) and as --format
// json words them (the summary, each problem's place, what happened, the cure): one grouping.
std::string explain_html(const Log& log, const ExplainOptions& o) {
  auto problems = group_problems(log, o.prefer_dir);
  const nlohmann::json j = nlohmann::json::parse(explain_json(log, o));
  const nlohmann::json& words = j.at("problems");
  const std::string summary =
      log.reports.empty() ? std::string(w::kNoReport) : j.value("summary", "");
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta "
         "name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>"
      << w::kPageTitle << ": " << html_escape(summary) << "</title><style>" << kStyle
      << "</style></head>\n<body><header><h1>" << w::kHeading
      << "</h1><p class=\"summary\" id=\"summary\">" << html_escape(summary) << "</p>";
  if (!log.notes.empty()) {
    out << "<h3>" << w::kNotes << "</h3><ul class=\"notes\">";
    for (const std::string& note : log.notes)
      out << "<li>" << html_escape(note) << "</li>";
    out << "</ul>";
  }
  out << "</header>\n<main>\n";
  Sources sources(o);
  for (std::size_t n = 0; n < problems.size() && n < words.size(); ++n)
    write_problem(problems[n], words[n], int(n) + 1, o, sources, out);
  out << "</main></body></html>\n";
  return out.str();
}

bool write_explain_html(const std::string& path, const Log& log, const ExplainOptions& o) {
  std::ofstream f(path);
  f << explain_html(log, o);
  return static_cast<bool>(f);
}

} // namespace racelab
