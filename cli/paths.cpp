#include "paths.h"

#include "files.h"
#include "process.h"

#include <cstdlib>

namespace racelab {

int llvm_major() {
  return RACELAB_LLVM_MAJOR;
}

Paths locate_paths() {
  const std::string prefix = parent_directory(executable_dir());
  auto env = [](const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
  };
  auto first_dir = [](std::initializer_list<std::string> candidates) {
    for (const std::string& c : candidates)
      if (is_directory(c))
        return c;
    return *candidates.begin();
  };
  Paths p;
  p.prefix = prefix;
  p.plugin = env("RACELAB_PLUGIN", prefix + "/lib/libRacelabTidy.so");
  std::string versioned = "clang-tidy-" + std::to_string(llvm_major());
  std::string llvm_bin = "/usr/lib/llvm-" + std::to_string(llvm_major()) + "/bin/clang-tidy";
  p.clang_tidy = env("RACELAB_CLANG_TIDY", file_exists(llvm_bin) ? llvm_bin : versioned);
  // Installed: PREFIX/share/racelab/samples; in the build tree: the source tree's samples.
  p.samples = env("RACELAB_SAMPLES", first_dir({prefix + "/share/racelab/samples",
                                                std::string(RACELAB_SOURCE_DIR) + "/samples"}));
  p.sample_bins = env("RACELAB_SAMPLE_BINS", prefix + "/libexec/racelab");
  p.minigin_include =
      first_dir({prefix + "/include", std::string(RACELAB_SOURCE_DIR) + "/mini-framework/include"});
  if (!file_exists(p.minigin_include + "/minigin/minigin.h"))
    p.minigin_include = std::string(RACELAB_SOURCE_DIR) + "/mini-framework/include";
  p.docs = first_dir({prefix + "/share/doc/racelab", std::string(RACELAB_SOURCE_DIR) + "/docs"});
  return p;
}

} // namespace racelab
