# The Debian package: `cpack -G DEB` in a build directory (or scripts/package) writes
# racelab_<version>_amd64.deb from the project's install rules, under /usr:
#   /usr/bin/racelab, /usr/bin/minigin-hello
#   /usr/lib/libRacelabTidy.so (the primary plugin, where the CLI looks for it) and
#   /usr/lib/racelab/llvm-N/libRacelabTidy.so (one per major the build has)
#   /usr/libexec/racelab/ (the samples built with ThreadSanitizer, for `racelab tour`)
#   /usr/include/minigin/, /usr/lib/libminigin.a, /usr/lib/cmake/minigin/
#   /usr/share/racelab/samples/ (the samples' sources), /usr/share/doc/racelab/ (the docs)
# docs/cli.md ("Debian package") says what it holds and what it depends on.

if(RACELAB_SANITIZER)
  return() # a sanitized build is for testing, never shipped
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME racelab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "racelab maintainers <maintainers@users.noreply.r-seed-d7b7779d.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "course and clang-tidy checks for a request's Context leaking into threads")
# CPackDeb puts the summary first, as the Description field's first line.
set(CPACK_PACKAGE_DESCRIPTION "racelab teaches and catches one family of concurrency bugs: a request-scoped,
non-thread-safe object (a web framework's Context) leaking into another thread,
and lost updates on shared state. The package holds the racelab command line
(tour, run, explain, lint, list), the racelab-* clang-tidy checks as a plugin
for each LLVM major it was built for, minigin (a Gin-style C++ HTTP framework:
headers, static library and CMake package) and the course: the docs and the
samples, as sources and as ThreadSanitizer builds.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_FILE_NAME "racelab_${PROJECT_VERSION}_amd64.deb")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF) # no shared library for others to link

# Depends: the shared libraries the programs link (the CLI: yaml-cpp, libstdc++, libc;
# minigin-hello and the samples: http-parser too; the ThreadSanitizer builds carry clang's
# runtime statically), worked out by dpkg-shlibdeps when it is installed (dpkg-dev), else named
# here; then what the files need at run time:
# the clang-tidy that loads the primary plugin, and the headers minigin's CMake package finds
# (nlohmann_json) and its static library links (http-parser).
find_program(RACELAB_DPKG_SHLIBDEPS dpkg-shlibdeps)
mark_as_advanced(RACELAB_DPKG_SHLIBDEPS)
if(RACELAB_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(_depends "")
else()
  set(_depends "libc6, libgcc-s1, libstdc++6, libyaml-cpp0.7, libhttp-parser2.9, ")
endif()
string(APPEND _depends "nlohmann-json3-dev (>= 3), libhttp-parser-dev")
if(RACELAB_BUILD_CHECKER)
  string(APPEND _depends ", clang-tidy-${RACELAB_LLVM_VERSION}")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_depends}")
# Building against minigin (a find_package consumer, the samples) takes the compiler it was
# built with and CMake.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "clang-${RACELAB_LLVM_VERSION}, cmake (>= 3.25)")

# Suggests: the clang-tidy of every other major the build made a plugin for
# (RACELAB_LLVM_VERSIONS: /usr/lib/racelab/llvm-N/libRacelabTidy.so loads only into clang-tidy-N).
if(RACELAB_BUILD_CHECKER)
  set(_majors ${RACELAB_LLVM_VERSIONS_BUILT}) # set by checker/
  list(REMOVE_ITEM _majors ${RACELAB_LLVM_VERSION})
  set(_suggests "")
  foreach(_major IN LISTS _majors)
    list(APPEND _suggests clang-tidy-${_major})
  endforeach()
  if(_suggests)
    list(JOIN _suggests ", " CPACK_DEBIAN_PACKAGE_SUGGESTS)
  endif()
endif()

# What the package installs, so that scripts/package builds only that (not the tests or the
# benchmarks): the CLI and the samples' ThreadSanitizer builds, minigin, every major's plugin.
add_custom_target(racelab-package-files)
add_dependencies(racelab-package-files racelab-tour minigin minigin-hello)
if(RACELAB_BUILD_CHECKER)
  if(RACELAB_PLUGIN_TARGETS)
    add_dependencies(racelab-package-files ${RACELAB_PLUGIN_TARGETS})
  else()
    add_dependencies(racelab-package-files RacelabTidy)
  endif()
endif()

include(CPack)
