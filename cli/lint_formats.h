// The results of `racelab lint` as text (clang-tidy's format), JSON, SARIF 2.1.0, or GitLab Code
// Quality JSON.
#pragma once

#include "lint.h"

#include <string>

namespace racelab {

std::string format_text(const LintRun& run);
std::string format_json(const LintRun& run);
/// `docs_base` is where check pages live ("https://…/docs" or "file:///…/docs");
/// `source_root` makes artifact URIs relative (%SRCROOT%).
std::string format_sarif(const LintRun& run, const std::string& docs_base,
                         const std::string& source_root);

/// GitLab Code Quality: an array of {description, check_name, fingerprint, severity, location:
/// {path, lines: {begin}}}, paths relative to `source_root` when under it.
std::string format_codequality(const LintRun& run, const std::string& source_root);

} // namespace racelab
