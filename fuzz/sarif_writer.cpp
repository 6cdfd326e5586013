// The SARIF writer (and its JSON, Code Quality and text siblings) over generated findings: any
// bytes in paths, messages, check names and fix texts, any line and column numbers, notes and
// fix-its. Then the SARIF of two such runs, as two shards would write it, goes through
// `racelab sarif-merge`.
//
// Checked beyond the sanitizers: every output is JSON that parses back; the SARIF has one result
// per finding, with its rule, line and column; the merge accepts what the writer wrote.
#include "lint_formats.h"
#include "sarif_merge.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using racelab::Finding;
using racelab::LintRun;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "sarif_writer fuzzer: %s\n", what);
  std::abort();
}

// Mostly the check names the plugin registers (they have rules), sometimes anything.
std::string check_name(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 3)) {
  case 0:
    return "racelab-context-escape";
  case 1:
    return "racelab-unsynchronized-shared-write";
  case 2:
    return "racelab-atomic-split-update";
  default:
    return in.ConsumeRandomLengthString(40);
  }
}

std::string path(FuzzedDataProvider& in) {
  return in.ConsumeBool() ? "/src/" + in.ConsumeRandomLengthString(30)
                          : in.ConsumeRandomLengthString(30);
}

LintRun generate(FuzzedDataProvider& in) {
  LintRun run;
  run.files = in.ConsumeIntegral<int>();
  for (int n = in.ConsumeIntegralInRange(0, 8); n > 0 && in.remaining_bytes(); --n) {
    Finding f;
    f.file = path(in);
    f.line = in.ConsumeIntegral<int>();
    f.column = in.ConsumeIntegral<int>();
    f.level = in.ConsumeBool() ? "warning" : in.ConsumeRandomLengthString(8);
    f.message = in.ConsumeRandomLengthString(80);
    f.check = check_name(in);
    for (int k = in.ConsumeIntegralInRange(0, 3); k > 0; --k)
      f.notes.push_back({path(in), in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(),
                         in.ConsumeRandomLengthString(40)});
    for (int k = in.ConsumeIntegralInRange(0, 2); k > 0; --k)
      f.fixes.push_back({path(in), in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(),
                         in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(),
                         in.ConsumeRandomLengthString(20)});
    run.findings.push_back(std::move(f));
  }
  for (int n = in.ConsumeIntegralInRange(0, 2); n > 0; --n)
    run.linted.push_back(path(in));
  for (int n = in.ConsumeIntegralInRange(0, 2); n > 0; --n)
    run.errors.push_back(in.ConsumeRandomLengthString(40));
  return run;
}

nlohmann::json parse(const std::string& text, const char* what) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded())
    fail(what);
  return j;
}

void check_sarif(const LintRun& run, const nlohmann::json& sarif) {
  const auto& results = sarif.at("runs").at(0).at("results");
  if (results.size() != run.findings.size())
    fail("the SARIF does not have one result per finding");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Finding& f = run.findings[i];
    const auto& region = results[i].at("locations").at(0).at("physicalLocation").at("region");
    if (region.at("startLine") != f.line || region.at("startColumn") != f.column)
      fail("a SARIF result is not where its finding is");
  }
}

// In memory when the machine has /dev/shm: a busy disk would make the harness wait, not work.
std::string write_temp(const std::string& text) {
  std::string name = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  name += "/racelab-fuzz-sarif-XXXXXX";
  int fd = mkstemp(name.data());
  if (fd < 0 || write(fd, text.data(), text.size()) != ssize_t(text.size()))
    fail("cannot write a temporary file");
  close(fd);
  return name;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string root = in.ConsumeBool() ? "/src" : "";
  const LintRun a = generate(in), b = generate(in);
  const std::string sarif_a = racelab::format_sarif(a, "file:///docs", root);
  const std::string sarif_b = racelab::format_sarif(b, "file:///docs", root);
  check_sarif(a, parse(sarif_a, "the SARIF is not JSON"));
  check_sarif(b, parse(sarif_b, "the SARIF is not JSON"));
  parse(racelab::format_json(a), "the JSON output is not JSON");
  if (parse(racelab::format_codequality(a, root), "the Code Quality output is not JSON").size() !=
      a.findings.size())
    fail("the Code Quality output does not have one issue per finding");
  racelab::format_text(a);

  const std::string fa = write_temp(sarif_a), fb = write_temp(sarif_b);
  std::string merged;
  const std::string error = racelab::merge_sarif({fa, fb}, merged);
  std::remove(fa.c_str());
  std::remove(fb.c_str());
  if (!error.empty())
    fail(("sarif-merge refused the writer's SARIF: " + error).c_str());
  const auto log = parse(merged, "the merged SARIF is not JSON");
  if (log.at("runs").at(0).at("results").size() > a.findings.size() + b.findings.size())
    fail("the merged SARIF has more results than its inputs");
  return 0;
}
