#!/usr/bin/env python3
"""Runs one sample program and checks what it printed against the `// CHECK` lines of its source.

  run_sample.py --mode tsan|asan|plain --binary BIN --source SRC --filecheck FILECHECK

--mode tsan (the tsan preset): a racy sample (racy*.cpp) must exit 66, ThreadSanitizer's exit code
  for "reported something", and its output must match every `// CHECK:` line of the source, which
  name the source lines of both accesses. A fixed twin must exit 0, print no
  "WARNING: ThreadSanitizer" at all, and match its CHECK lines (its functional output).
  TSAN_OPTIONS is pinned here (pinned_tsan_options.txt), so the caller's environment changes
  nothing; a source line `// TSAN_OPTIONS: k=v ...` adds options, `// ARGS: ...` gives the
  program's arguments (sample_directives.py reads them).
--mode asan (the asan preset: AddressSanitizer + UBSan): a sample with `// ASAN:` lines runs with
  its `// ASAN_ARGS:`; a racy one must exit 23 (ASAN_OPTIONS exitcode, pinned here) and match its
  ASAN lines, which name the source lines of the bad access, the free and the allocation; a fixed
  one must exit 0 and match them. Every other sample runs as in plain mode and must exit 0 with
  no sanitizer report (a data race is not ASan's to see, but no sample may corrupt memory).
--mode plain (the default preset): every sample must exit 0; `// PLAIN:` lines, when present,
  are matched (a racy sample's visible damage), otherwise a fixed twin's CHECK lines are.
"""
import argparse
import os
import subprocess
import sys
import tempfile

from sample_directives import Directives


def filecheck(filecheck_bin, source, out, prefix):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(out)
        name = f.name
    try:
        r = subprocess.run([filecheck_bin, source, "--input-file=" + name,
                            "--check-prefix=" + prefix, "--dump-input=fail"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finally:
        os.unlink(name)
    if r.returncode != 0:
        print(r.stdout)
        sys.exit("error: the output does not match the %s lines of %s" % (prefix, source))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["tsan", "asan", "plain"], required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--filecheck", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()

    d = Directives(a.source)
    env = dict(os.environ)
    env["TSAN_OPTIONS"] = d.tsan_options
    env.pop("MINIGIN_GUARD", None)
    # Pinned like TSAN_OPTIONS: a distinct exit code tells "ASan reported" from a crash.
    env["ASAN_OPTIONS"] = "exitcode=23:detect_leaks=1:halt_on_error=1"
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    asan_run = a.mode == "asan" and "ASAN" in d.filecheck_prefixes
    args = d.args if a.mode == "tsan" else d.asan_args if asan_run else []
    p = subprocess.run([a.binary] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env, timeout=a.timeout)
    out = p.stdout
    print(out)

    if a.mode == "tsan":
        want = 66 if d.expects_report else 0
        if p.returncode != want:
            sys.exit("error: exit code %d, expected %d" % (p.returncode, want))
        if not d.expects_report and "WARNING: ThreadSanitizer" in out:
            sys.exit("error: ThreadSanitizer reported something in a sample that must be clean")
        prefix = "CHECK"
    elif asan_run:
        want = 23 if d.expects_asan_report else 0
        if p.returncode != want:
            sys.exit("error: exit code %d, expected %d" % (p.returncode, want))
        prefix = "ASAN"
    else:
        if p.returncode != 0:
            sys.exit("error: exit code %d, expected 0" % p.returncode)
        prefix = "PLAIN" if d.has_plain else ("CHECK" if not d.racy else None)
        for report in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"):
            if a.mode == "asan" and report in out:
                sys.exit("error: a sanitizer reported something (%s)" % report)

    if prefix in d.filecheck_prefixes:
        filecheck(a.filecheck, a.source, out, prefix)
    print("ok: %s (%s)" % (os.path.basename(a.binary), a.mode))


if __name__ == "__main__":
    main()
