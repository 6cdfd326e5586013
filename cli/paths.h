// Where racelab finds its parts, relative to its own executable: the same layout in the build
// tree (build/bin, build/lib, build/libexec) and installed (PREFIX/bin, lib, libexec, share).
#pragma once

#include <string>

namespace racelab {

struct Paths {
  std::string plugin;      ///< libRacelabTidy.so
  std::string clang_tidy;  ///< clang-tidy-NN of the plugin's LLVM major
  std::string samples;     ///< the samples' sources (NN-name/ directories)
  std::string sample_bins; ///< the samples built with ThreadSanitizer
  std::string minigin_include;
  std::string docs; ///< docs/ (for links)
};

/// Locates everything; environment variables RACELAB_PLUGIN, RACELAB_CLANG_TIDY,
/// RACELAB_SAMPLES and RACELAB_SAMPLE_BINS override what they name.
Paths locate_paths();

/// The LLVM major the plugin was built for.
int llvm_major();

} // namespace racelab
