#include "sarif_merge.h"

#include "files.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <tuple>

namespace racelab {

using nlohmann::json;

namespace {

struct Merged {
  json driver;                        ///< the first run's tool.driver, rules replaced
  json rules = json::array();         ///< each id once, in order of first appearance
  json results = json::array();       ///< each once
  json bases = json::object();        ///< originalUriBaseIds
  std::set<std::string> seen_results; ///< results' identities
};

// What makes two results the same finding: rule, message and where (primary location).
std::string identity(const json& r) {
  json loc = r.value("locations", json::array());
  json where = loc.empty() ? json() : loc[0].value("physicalLocation", json());
  return json::array({r.value("ruleId", ""), r.value("message", json()), where}).dump();
}

std::string add_run(Merged& m, const json& run, const std::string& file) {
  if (m.driver.is_null())
    m.driver = run["tool"]["driver"];
  const json rules = run["tool"]["driver"].value("rules", json::array());
  for (const json& rule : rules)
    if (std::none_of(m.rules.begin(), m.rules.end(),
                     [&](const json& r) { return r.value("id", "") == rule.value("id", ""); }))
      m.rules.push_back(rule);
  const json bases = run.value("originalUriBaseIds", json::object());
  for (const auto& [base, value] : bases.items()) {
    if (m.bases.contains(base) && m.bases[base] != value)
      return file + ": its " + base + " (" + value.dump() + ") differs from another input's (" +
             m.bases[base].dump() + "): lint every shard with the same --source-root";
    m.bases[base] = value;
  }
  const json results = run.value("results", json::array());
  for (const json& r : results)
    if (m.seen_results.insert(identity(r)).second)
      m.results.push_back(r);
  return {};
}

std::string read_log(Merged& m, const std::string& file) {
  bool ok = false;
  std::string text = read_file(file, &ok);
  if (!ok)
    return "cannot read " + file;
  json log = json::parse(text, nullptr, false);
  if (log.is_discarded() || !log.is_object() || log.value("version", "") != "2.1.0" ||
      !log.contains("runs") || !log["runs"].is_array())
    return file + " is not a SARIF 2.1.0 log";
  for (const json& run : log["runs"]) {
    if (!run.contains("tool") || !run["tool"].contains("driver"))
      return file + ": a run without tool.driver";
    if (std::string error = add_run(m, run, file); !error.empty())
      return error;
  }
  return {};
}

auto sort_key(const json& r) {
  json loc = r.value("locations", json::array());
  json pl = loc.empty() ? json::object() : loc[0].value("physicalLocation", json::object());
  json region = pl.value("region", json::object());
  return std::make_tuple(pl.value("artifactLocation", json::object()).value("uri", ""),
                         region.value("startLine", 0), region.value("startColumn", 0),
                         r.value("ruleId", ""), r.value("message", json::object()).dump());
}

// Sorted results, each ruleIndex pointing into the merged rules.
void finish_results(Merged& m) {
  std::sort(m.results.begin(), m.results.end(),
            [](const json& a, const json& b) { return sort_key(a) < sort_key(b); });
  for (json& r : m.results) {
    r.erase("ruleIndex");
    for (std::size_t i = 0; i < m.rules.size(); ++i)
      if (m.rules[i].value("id", "") == r.value("ruleId", ""))
        r["ruleIndex"] = i;
  }
}

} // namespace

// Valid JSON with a value of the wrong type (a number for a ruleId, a string for a startLine) makes
// nlohmann::json throw: that input is an error to report, not a reason to abort.
std::string merge_sarif(const std::vector<std::string>& inputs, std::string& out) try {
  Merged m;
  for (const std::string& file : inputs)
    if (std::string error = read_log(m, file); !error.empty())
      return error;
  if (m.driver.is_null())
    return "no SARIF run to merge";
  finish_results(m);
  m.driver["rules"] = m.rules;
  json run = {{"tool", {{"driver", m.driver}}}, {"results", m.results}};
  if (!m.bases.empty())
    run["originalUriBaseIds"] = m.bases;
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({run})}};
  out = log.dump(2) + "\n";
  return {};
} catch (const json::exception& e) {
  return std::string("an input is not SARIF 2.1.0 as racelab reads it: ") + e.what();
}

} // namespace racelab
