#!/bin/sh
# smoke.sh FUZZER SOURCE_DIR NAME SECONDS SCRATCH: the fuzz preset's test of one harness.
# First every regression input of fuzz/regressions/NAME once (each is a crash fixed since), then
# SECONDS of fuzzing from fuzz/corpus/NAME with a fixed seed; new inputs go to SCRATCH, never to
# the source tree. Exits non-zero on any crash, leak, timeout or failed check.
set -eu
fuzzer=$1 src=$2 name=$3 seconds=$4 scratch=$5
dict=
if [ -f "$src/$name.dict" ]; then dict=-dict=$src/$name.dict; fi
rm -rf "$scratch"
mkdir -p "$scratch/corpus" "$scratch/artifacts"
if [ -n "$(ls -A "$src/regressions/$name" 2>/dev/null)" ]; then
  echo "== $name: replaying $(ls "$src/regressions/$name" | wc -l) regression inputs"
  "$fuzzer" -runs=0 -timeout=10 -artifact_prefix="$scratch/artifacts/" "$src/regressions/$name"
fi
echo "== $name: fuzzing ${seconds}s from $(ls "$src/corpus/$name" | wc -l) seeds, seed 1"
# shellcheck disable=SC2086
"$fuzzer" -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$scratch/artifacts/" $dict \
  "$scratch/corpus" "$src/corpus/$name"
