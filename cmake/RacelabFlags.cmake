# Warnings for our own targets and the sanitizer applied to everything a preset builds.
#
# The sanitizer flags go into CMAKE_<LANG>_FLAGS, not onto single targets, so that GoogleTest
# (built from Debian's sources in /usr/src/googletest) is instrumented the same way as the code it
# tests. The clang-tidy plugin is never built in a sanitizer preset: clang-tidy loads it, and
# clang-tidy itself is not instrumented.

add_library(racelab_warnings INTERFACE)
target_compile_options(racelab_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror=return-type)
if(CMAKE_COMPILE_WARNING_AS_ERROR)
  target_compile_options(racelab_warnings INTERFACE -Werror)
endif()

if(RACELAB_SANITIZER STREQUAL "thread")
  set(_san "-fsanitize=thread -g -fno-omit-frame-pointer")
elseif(RACELAB_SANITIZER STREQUAL "address")
  set(_san "-fsanitize=address,undefined -fno-sanitize-recover=undefined -g -fno-omit-frame-pointer")
elseif(RACELAB_SANITIZER)
  message(FATAL_ERROR "RACELAB_SANITIZER must be '', 'thread' or 'address', not '${RACELAB_SANITIZER}'")
endif()
if(RACELAB_SANITIZER)
  if(RACELAB_BUILD_CHECKER)
    message(FATAL_ERROR "RACELAB_BUILD_CHECKER must be OFF with a sanitizer: clang-tidy cannot load an instrumented plugin")
  endif()
  string(APPEND CMAKE_C_FLAGS " ${_san}")
  string(APPEND CMAKE_CXX_FLAGS " ${_san}")
  string(APPEND CMAKE_EXE_LINKER_FLAGS " ${_san}")
  string(APPEND CMAKE_SHARED_LINKER_FLAGS " ${_san}")
endif()
