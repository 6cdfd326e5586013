#include "lint_formats.h"

#include "checks.h"
#include "messages.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>

namespace racelab {

using nlohmann::json;

namespace {

// Paths and messages are bytes, not always UTF-8 (a Latin-1 file name, a quoted source line):
// nlohmann::json throws on invalid UTF-8 when it dumps, so such bytes become U+FFFD instead.
std::string dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace

std::string format_text(const LintRun& run) {
  std::ostringstream out;
  for (const Finding& f : run.findings) {
    out << f.file << ":" << f.line << ":" << f.column << ": " << f.level << ": " << f.message
        << " [" << f.check << "]\n";
    for (const Note& n : f.notes)
      out << n.file << ":" << n.line << ":" << n.column << ": note: " << n.message << "\n";
  }
  const std::string findings = std::to_string(run.findings.size()),
                    files = std::to_string(run.files);
  out << tr(Msg::lint_summary,
            {tr(run.findings.size() == 1 ? Msg::lint_findings_1 : Msg::lint_findings_n, {findings}),
             tr(run.files == 1 ? Msg::lint_files_1 : Msg::lint_files_n, {files})})
      << "\n";
  return out.str();
}

namespace {

json location_json(const std::string& file, int line, int col) {
  return {{"file", file}, {"line", line}, {"column", col}};
}

json finding_json(const Finding& f) {
  json x = location_json(f.file, f.line, f.column);
  x["check"] = f.check;
  x["level"] = f.level;
  x["message"] = f.message;
  x["notes"] = json::array();
  for (const Note& n : f.notes) {
    auto nj = location_json(n.file, n.line, n.column);
    nj["message"] = n.message;
    x["notes"].push_back(nj);
  }
  x["fixes"] = json::array();
  for (const Replacement& r : f.fixes)
    x["fixes"].push_back({{"file", r.file},
                          {"line", r.line},
                          {"column", r.column},
                          {"end_line", r.end_line},
                          {"end_column", r.end_column},
                          {"text", r.text}});
  return x;
}

} // namespace

std::string format_json(const LintRun& run) {
  json j;
  j["files"] = run.files;
  j["linted"] = run.linted;
  j["findings"] = json::array();
  for (const Finding& f : run.findings)
    j["findings"].push_back(finding_json(f));
  j["errors"] = run.errors;
  return dump(j);
}

namespace {

// Where SARIF artifacts are: relative to %SRCROOT% when under the source root (code scanning
// then links them to the repository), absolute file:// URIs otherwise.
struct SarifLocations {
  std::string root; ///< with a trailing '/', or "" for absolute URIs only

  json artifact(const std::string& file) const {
    json a;
    if (!root.empty() && file.rfind(root, 0) == 0) {
      a["uri"] = file.substr(root.size());
      a["uriBaseId"] = "%SRCROOT%";
    } else {
      a["uri"] = "file://" + file;
    }
    return a;
  }

  json physical(const std::string& file, int line, int col) const {
    return {{"artifactLocation", artifact(file)},
            {"region", {{"startLine", line}, {"startColumn", col}}}};
  }
};

json sarif_rules(const std::string& docs_base) {
  json rules = json::array();
  for (const CheckInfo& c : racelab_checks()) {
    std::string help = docs_base + "/checks/" + c.id + ".md";
    rules.push_back({{"id", c.id},
                     {"name", c.name},
                     {"shortDescription", {{"text", c.summary}}},
                     {"fullDescription", {{"text", c.summary}}},
                     {"helpUri", help},
                     {"help",
                      {{"text", std::string(c.summary) + " See " + help},
                       {"markdown", std::string(c.summary) + " [Documentation](" + help + ")"}}},
                     {"defaultConfiguration", {{"level", "warning"}}}});
  }
  return rules;
}

json sarif_fixes(const Finding& f, const SarifLocations& at) {
  json changes = json::array();
  for (const Replacement& x : f.fixes)
    changes.push_back({{"artifactLocation", at.artifact(x.file)},
                       {"replacements", json::array({{{"deletedRegion",
                                                       {{"startLine", x.line},
                                                        {"startColumn", x.column},
                                                        {"endLine", x.end_line},
                                                        {"endColumn", x.end_column}}},
                                                      {"insertedContent", {{"text", x.text}}}}})}});
  return json::array({{{"description", {{"text", "Apply the fix-it of " + f.check}}},
                       {"artifactChanges", changes}}});
}

json sarif_result(const Finding& f, const json& rules, const SarifLocations& at) {
  json r;
  r["ruleId"] = f.check;
  auto rule = std::find_if(rules.begin(), rules.end(),
                           [&](const json& candidate) { return candidate["id"] == f.check; });
  if (rule != rules.end())
    r["ruleIndex"] = rule - rules.begin();
  r["level"] = f.level == "error" ? "error" : "warning";
  r["message"] = {{"text", f.message}};
  r["locations"] = json::array({{{"physicalLocation", at.physical(f.file, f.line, f.column)}}});
  if (!f.notes.empty()) {
    r["relatedLocations"] = json::array();
    int id = 0;
    for (const Note& n : f.notes)
      r["relatedLocations"].push_back({{"id", id++},
                                       {"physicalLocation", at.physical(n.file, n.line, n.column)},
                                       {"message", {{"text", n.message}}}});
  }
  if (!f.fixes.empty())
    r["fixes"] = sarif_fixes(f, at);
  return r;
}

} // namespace

std::string format_sarif(const LintRun& run, const std::string& docs_base,
                         const std::string& source_root) {
  SarifLocations at{source_root};
  if (!at.root.empty() && at.root.back() != '/')
    at.root += '/';
  const json rules = sarif_rules(docs_base);
  json results = json::array();
  for (const Finding& f : run.findings)
    results.push_back(sarif_result(f, rules, at));
  json driver = {{"name", "racelab"},
                 {"version", RACELAB_VERSION},
                 {"informationUri", docs_base + "/checks/README.md"},
                 {"rules", rules}};
  json runj = {{"tool", {{"driver", driver}}}, {"results", results}};
  if (!at.root.empty())
    runj["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file://" + at.root}}}};
  json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({runj})}};
  return dump(sarif);
}

namespace {

// FNV-1a, 64 bits, from `seed`: a hash that is the same on every machine and every run.
std::uint64_t fnv1a(const std::string& text, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// 32 hex digits from the finding's check, place and message: stable across runs, distinct for
// two findings of one check in one file.
std::string fingerprint(const Finding& f, const std::string& path) {
  std::string key = f.check + "\n" + path + "\n" + std::to_string(f.line) + ":" +
                    std::to_string(f.column) + "\n" + f.message;
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx",
                static_cast<unsigned long long>(fnv1a(key, 0xcbf29ce484222325ULL)),
                static_cast<unsigned long long>(fnv1a(key, 0x84222325cbf29ce4ULL)));
  return hex;
}

} // namespace

std::string format_codequality(const LintRun& run, const std::string& source_root) {
  std::string root = source_root;
  if (!root.empty() && root.back() != '/')
    root += '/';
  json issues = json::array();
  for (const Finding& f : run.findings) {
    std::string path =
        !root.empty() && f.file.rfind(root, 0) == 0 ? f.file.substr(root.size()) : f.file;
    issues.push_back({{"description", f.message},
                      {"check_name", f.check},
                      {"fingerprint", fingerprint(f, path)},
                      {"severity", f.level == "error" ? "critical" : "major"},
                      {"location", {{"path", path}, {"lines", {{"begin", f.line}}}}}});
  }
  return dump(issues);
}

} // namespace racelab
