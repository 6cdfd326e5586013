#include "lint_formats.h"

#include "checks.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace racelab {

using nlohmann::json;

std::string format_text(const LintRun& run) {
  std::ostringstream out;
  for (const Finding& f : run.findings) {
    out << f.file << ":" << f.line << ":" << f.column << ": " << f.level << ": " << f.message
        << " [" << f.check << "]\n";
    for (const Note& n : f.notes)
      out << n.file << ":" << n.line << ":" << n.column << ": note: " << n.message << "\n";
  }
  out << run.findings.size() << " finding" << (run.findings.size() == 1 ? "" : "s") << " in "
      << run.files << " file" << (run.files == 1 ? "" : "s") << "\n";
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
  j["findings"] = json::array();
  for (const Finding& f : run.findings)
    j["findings"].push_back(finding_json(f));
  j["errors"] = run.errors;
  return j.dump(2) + "\n";
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
  return sarif.dump(2) + "\n";
}

} // namespace racelab
