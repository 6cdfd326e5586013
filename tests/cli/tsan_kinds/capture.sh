#!/bin/bash
# Captures the logs in logs/ from real runs: every program here built with clang's and GCC's
# ThreadSanitizer, plus two unsymbolized runs (symbolize=0, and a stripped binary).
# Usage: bash tests/cli/tsan_kinds/capture.sh   (rewrites logs/*.log; review the diff)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/logs"
export TSAN_OPTIONS="halt_on_error=0 atexit_sleep_ms=0"
for src in "$here"/*.cpp; do
  kind=$(basename "$src" .cpp)
  clang++-19 -std=c++20 -fsanitize=thread -g -O0 -pthread "$src" -o "$tmp/$kind-clang"
  g++ -std=c++20 -fsanitize=thread -g -O0 -pthread "$src" -o "$tmp/$kind-gcc"
  for c in clang gcc; do
    (cd "$tmp" && ./"$kind-$c" >"$here/logs/$kind.$c.log" 2>&1) || true
  done
done
(cd "$tmp" && TSAN_OPTIONS="$TSAN_OPTIONS symbolize=0" ./data_race-clang \
  >"$here/logs/data_race.clang-symbolize0.log" 2>&1) || true
strip -o "$tmp/data_race-stripped" "$tmp/data_race-clang"
(cd "$tmp" && ./data_race-stripped >"$here/logs/data_race.clang-stripped.log" 2>&1) || true
