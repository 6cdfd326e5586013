// Where racelab finds its parts, relative to its own executable: the same layout in the build
// tree (build/bin, build/lib, build/libexec) and installed (PREFIX/bin, lib, libexec, share).
#pragma once

#include <string>

namespace racelab {

struct Paths {
  std::string prefix;       ///< the directory above racelab's bin/ (build tree or install prefix)
  std::string plugin;       ///< libRacelabTidy.so (choose_toolchain picks the one of clang_tidy)
  std::string clang_tidy;   ///< the clang-tidy lint runs (see toolchain.h)
  int clang_tidy_major = 0; ///< its LLVM major, once choose_toolchain knows it
  std::string toolchain_error; ///< why no clang-tidy and plugin fit: lint cannot run
  std::string samples;         ///< the samples' sources (NN-name/ directories)
  std::string sample_bins;     ///< the samples built with ThreadSanitizer
  std::string minigin_include;
  std::string docs; ///< docs/ (for links)
};

/// Locates everything; environment variables RACELAB_PLUGIN, RACELAB_CLANG_TIDY,
/// RACELAB_SAMPLES and RACELAB_SAMPLE_BINS override what they name.
Paths locate_paths();

/// The primary LLVM major: the one lib/libRacelabTidy.so was built for.
int llvm_major();

} // namespace racelab
