// racelab explain --html and run --html: each distinct problem as a timeline picture, in one
// self-contained HTML page (inline SVG and CSS; no script, no network).
#pragma once

#include "explain.h"

#include <string>
#include <string_view>

namespace racelab {

/// `s` safe as HTML/XML text and attribute values: & < > " ' as references, control characters
/// and bytes that are not UTF-8 as U+FFFD (a log is untrusted input).
std::string html_escape(std::string_view s);

/// The page: the one-line summary, then per problem its timeline, its places with source
/// excerpts, what happened and the cure.
std::string explain_html(const Log& log, const ExplainOptions& options);

/// Writes explain_html() to `path`; false when it cannot be written.
bool write_explain_html(const std::string& path, const Log& log, const ExplainOptions& options);

} // namespace racelab
