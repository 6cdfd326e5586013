// `racelab sarif-merge` over SARIF files it did not write: each input is one file, merged alone
// and with itself (racelab::merge_sarif), as CI pipelines pass the shards' logs or other tools'.
//
// Checked beyond the sanitizers: no exception escapes (a file that is not SARIF is an error
// message); what is merged is JSON, and a log merged with itself has no more results than alone.
#include "sarif_merge.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

std::string file;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "sarif_merge fuzzer: %s\n", what);
  std::abort();
}

std::size_t results(const std::string& merged) {
  auto j = nlohmann::json::parse(merged, nullptr, false);
  if (j.is_discarded())
    fail("the merged SARIF is not JSON");
  return j.at("runs").at(0).at("results").size();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // In memory when the machine has /dev/shm: a busy disk would make the harness wait, not work.
  std::string dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  file = dir + "/racelab-fuzz-merge-" + std::to_string(getpid()) + ".sarif";
  std::atexit([] { std::remove(file.c_str()); }); // libFuzzer ends its runs with exit()
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), std::streamsize(size));
  std::string alone, twice;
  const std::string error = racelab::merge_sarif({file}, alone);
  const std::string error2 = racelab::merge_sarif({file, file}, twice);
  if (error.empty() != error2.empty())
    fail("a log merges alone but not with itself, or the reverse");
  if (error.empty() && results(twice) > results(alone))
    fail("a log merged with itself has more results than alone");
  return 0;
}
