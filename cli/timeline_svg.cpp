// Drawing a timeline (timeline.h) as inline SVG: a lane per thread (a horizontal line from where
// the thread was created), a mark per event with its user frame and source line under it, grey
// arrows from a creating thread to the thread it created, dashed red arrows for the missing
// order. Styled by the page's stylesheet (explain_html.cpp), readable as text by a screen reader
// (<title>, <desc>, <text>).
#include "timeline.h"

#include "explain_html.h"
#include "html_words.h"
#include "text.h"

#include <algorithm>
#include <sstream>

namespace racelab {

namespace w = html_words;

namespace {

constexpr int kLeft = 150, kTop = 44, kLaneHeight = 120, kColumn = 300, kRight = 40;

int x_of(std::size_t event) {
  return kLeft + 30 + int(event) * kColumn;
}
int y_of(int lane) {
  return kTop + 24 + lane * kLaneHeight;
}

// At most `n` bytes of `s`, cut between UTF-8 characters, with an ellipsis when cut.
std::string clip(const std::string& s, std::size_t n = 34) {
  if (s.size() <= n)
    return s;
  std::size_t cut = n - 1;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
    --cut;
  return s.substr(0, cut) + "\u2026";
}

const char* kind_name(TimelineEvent::Kind k) {
  switch (k) {
  case TimelineEvent::Kind::Created:
    return "created";
  case TimelineEvent::Kind::Access:
    return "access";
  case TimelineEvent::Kind::Free:
    return "free";
  case TimelineEvent::Kind::Lock:
    return "lock";
  case TimelineEvent::Kind::Leak:
    return "leak";
  case TimelineEvent::Kind::Stack:
    break;
  }
  return "stack";
}

void draw_mark(const TimelineEvent& e, int x, int y, std::ostream& out) {
  switch (e.kind) {
  case TimelineEvent::Kind::Access:
    out << "<circle class=\"mark " << (e.write ? "write" : "read") << "\" cx=\"" << x << "\" cy=\""
        << y << "\" r=\"9\"/>";
    if (e.atomic)
      out << "<circle class=\"mark atomic\" cx=\"" << x << "\" cy=\"" << y << "\" r=\"14\"/>";
    break;
  case TimelineEvent::Kind::Free:
    out << "<path class=\"mark free\" d=\"M" << x - 8 << " " << y - 8 << "L" << x + 8 << " "
        << y + 8 << "M" << x + 8 << " " << y - 8 << "L" << x - 8 << " " << y + 8 << "\"/>";
    break;
  case TimelineEvent::Kind::Created:
    out << "<path class=\"mark created\" d=\"M" << x - 9 << " " << y - 9 << "L" << x + 9 << " " << y
        << "L" << x - 9 << " " << y + 9 << "Z\"/>";
    break;
  default:
    out << "<rect class=\"mark " << kind_name(e.kind) << "\" x=\"" << x - 8 << "\" y=\"" << y - 8
        << "\" width=\"16\" height=\"16\"/>";
  }
}

// The event's words under its mark: what, where, the source line, the mutexes held.
void draw_texts(const TimelineEvent& e, const std::string& source, int x, int y,
                std::ostream& out) {
  std::vector<std::pair<const char*, std::string>> lines{{"label", clip(e.label, 36)}};
  if (e.kind != TimelineEvent::Kind::Leak)
    lines.push_back({"place", e.frame ? clip(where(*e.frame)) : clip(w::kNoUserFrame, 36)});
  if (!source.empty())
    lines.push_back({"src", clip(trim(source))});
  if (!e.held.empty())
    lines.push_back({"held", clip(std::string(w::kMutex) + " " + e.held + " " + w::kHeld, 36)});
  int dy = 30;
  for (const auto& [cls, text] : lines) {
    out << "<text class=\"" << cls << "\" x=\"" << x - 12 << "\" y=\"" << y + dy << "\">"
        << html_escape(text) << "</text>";
    dy += 17;
  }
}

// From one mark to the other: along the first event's lane, down (or up) just before the second
// mark, so that the words under the first mark stay clear; the label just before the second mark,
// above its lane, where no words are.
void draw_edge(const Timeline& t, std::size_t k, const std::string& id, std::ostream& out) {
  const TimelineEdge& edge = t.edges[k];
  const TimelineEvent &a = t.events[edge.from], &b = t.events[edge.to];
  const int x1 = x_of(edge.from), y1 = y_of(a.lane), x2 = x_of(edge.to), y2 = y_of(b.lane);
  const int dir = x2 >= x1 ? 1 : -1;
  std::ostringstream d;
  int lx = x2 - 18 * dir, ly = y2 - 16;
  if (a.lane == b.lane) { // an arc above the lane
    d << "M" << x1 + 10 * dir << " " << y1 - 10 << "Q" << (x1 + x2) / 2 << " " << y1 - 70 << " "
      << x2 - 12 * dir << " " << y2 - 12;
    lx = (x1 + x2) / 2;
    ly = y1 - 44;
  } else {
    const int turn = x2 - 40 * dir;
    d << "M" << x1 + 12 * dir << " " << y1 << "C" << turn << " " << y1 << " " << turn << " " << y2
      << " " << x2 - 14 * dir << " " << y2;
  }
  const char* anchor = a.lane == b.lane ? "middle" : dir > 0 ? "end" : "start";
  out << "<g class=\"edge\"><title>" << html_escape(edge.label)
      << "</title><path class=\"no-hb\" d=\"" << d.str() << "\" marker-end=\"url(#" << id
      << "-red)\"/><text class=\"edge-label\" x=\"" << lx << "\" y=\"" << ly << "\" text-anchor=\""
      << anchor << "\">" << html_escape(edge.label) << "</text></g>";
}

void draw_lanes(const Timeline& t, int width, std::ostream& out) {
  for (std::size_t l = 0; l < t.lanes.size(); ++l) {
    int start = kLeft - 10;
    for (std::size_t i = 0; i < t.events.size(); ++i)
      if (t.events[i].kind == TimelineEvent::Kind::Created && t.events[i].lane == int(l)) {
        start = x_of(i);
        break;
      }
    const int y = y_of(int(l));
    out << "<g class=\"lane\" data-thread=\"" << html_escape(t.lanes[l])
        << "\"><text class=\"lane-name\" x=\"12\" y=\"" << y + 5 << "\">"
        << html_escape(clip(t.lanes[l], 18)) << "</text><line class=\"lane-line\" x1=\"" << start
        << "\" y1=\"" << y << "\" x2=\"" << width - kRight << "\" y2=\"" << y << "\"/></g>";
  }
}

// One sentence per event and edge, for <desc>: what a screen reader says for the picture.
std::string description(const Timeline& t) {
  std::vector<std::string> parts;
  for (const TimelineEvent& e : t.events)
    parts.push_back(
        t.lanes[e.lane] + ": " + e.label +
        (e.frame ? " " + std::string(w::kAt) + " " + where(*e.frame) : "") +
        (e.held.empty() ? "" : ", " + std::string(w::kMutex) + " " + e.held + " " + w::kHeld));
  for (const TimelineEdge& edge : t.edges)
    parts.push_back(edge.label + ": " + t.lanes[t.events[edge.from].lane] + " \u2192 " +
                    t.lanes[t.events[edge.to].lane]);
  if (!t.caption.empty())
    parts.insert(parts.begin(), t.caption);
  return join(parts, ". ") + ".";
}

void draw_defs(const std::string& id, std::ostream& out) {
  out << "<defs>";
  for (const char* colour : {"red", "grey"})
    out << "<marker id=\"" << id << "-" << colour
        << "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
           "orient=\"auto-start-reverse\"><path class=\"arrow-"
        << colour << "\" d=\"M0 0L10 5L0 10Z\"/></marker>";
  out << "</defs>";
}

} // namespace

std::string timeline_svg(const Timeline& t, const std::string& id,
                         const std::function<std::string(const Frame&)>& source_line) {
  const int width = std::max<int>(x_of(t.events.size()) - kColumn + 260, 520) + kRight;
  const int height = kTop + int(t.lanes.size()) * kLaneHeight + 10;
  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" role=\"img\" "
         "aria-labelledby=\""
      << id << "-title " << id << "-desc\" viewBox=\"0 0 " << width << " " << height
      << "\" width=\"" << width << "\" height=\"" << height << "\"><title id=\"" << id
      << "-title\">"
      << html_escape(std::string(w::kSvgTitle) + " " + id + ", " + w::kLanes + ": " + join(t.lanes))
      << "</title><desc id=\"" << id << "-desc\">" << html_escape(description(t)) << "</desc>";
  draw_defs(id, out);
  if (!t.caption.empty())
    out << "<text class=\"caption\" x=\"12\" y=\"22\">" << html_escape(t.caption) << "</text>";
  draw_lanes(t, width, out);
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const TimelineEvent& e = t.events[i];
    if (e.kind == TimelineEvent::Kind::Created && e.spawned_by >= 0)
      out << "<line class=\"spawn\" x1=\"" << x_of(i) << "\" y1=\"" << y_of(e.spawned_by)
          << "\" x2=\"" << x_of(i) << "\" y2=\""
          << y_of(e.lane) + (e.spawned_by < e.lane ? -12 : 12) << "\" marker-end=\"url(#" << id
          << "-grey)\"/>";
  }
  for (std::size_t k = 0; k < t.edges.size(); ++k)
    draw_edge(t, k, id, out);
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const TimelineEvent& e = t.events[i];
    const int x = x_of(i), y = y_of(e.lane);
    out << "<g class=\"event\" data-kind=\"" << kind_name(e.kind) << "\" data-lane=\""
        << html_escape(t.lanes[e.lane]) << "\"><title>"
        << html_escape(e.title.empty() ? e.label : e.title) << "</title>";
    draw_mark(e, x, y, out);
    draw_texts(e, e.frame ? source_line(*e.frame) : "", x, y, out);
    out << "</g>";
  }
  out << "</svg>";
  return out.str();
}

} // namespace racelab
