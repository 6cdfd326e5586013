#!/usr/bin/env python3
"""Runs one sample program and checks what it printed against the `// CHECK` lines of its source.

  run_sample.py --mode tsan|plain --binary BIN --source SRC --filecheck FILECHECK

--mode tsan (the tsan preset): a racy sample (racy*.cpp) must exit 66, ThreadSanitizer's exit code
  for "reported something", and its output must match every `// CHECK:` line of the source, which
  name the source lines of both accesses. A fixed twin must exit 0, print no
  "WARNING: ThreadSanitizer" at all, and match its CHECK lines (its functional output).
  TSAN_OPTIONS is pinned here, so the caller's environment changes nothing; a source line
  `// TSAN_OPTIONS: k=v ...` adds options, `// ARGS: ...` gives the program's arguments.
--mode plain (the default preset): every sample must exit 0; `// PLAIN:` lines, when present,
  are matched (a racy sample's visible damage), otherwise a fixed twin's CHECK lines are.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

PINNED_TSAN = "halt_on_error=0 exitcode=66 atexit_sleep_ms=0 second_deadlock_stack=1"


def directive(source_text, name):
    m = re.search(r"^//\s*" + name + r":(.*)$", source_text, re.M)
    return m.group(1).strip() if m else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["tsan", "plain"], required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--filecheck", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()

    text = open(a.source, encoding="utf-8").read()
    racy = os.path.basename(a.source).startswith("racy")
    expects_report = racy and not re.search(r"^//\s*TSAN: silent", text, re.M)
    env = dict(os.environ)
    env["TSAN_OPTIONS"] = (PINNED_TSAN + " " + directive(text, "TSAN_OPTIONS")).strip()
    env.pop("MINIGIN_GUARD", None)
    args = shlex.split(directive(text, "ARGS")) if a.mode == "tsan" else []
    p = subprocess.run([a.binary] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env, timeout=a.timeout)
    out = p.stdout
    print(out)

    if a.mode == "tsan":
        want = 66 if expects_report else 0
        if p.returncode != want:
            sys.exit("error: exit code %d, expected %d" % (p.returncode, want))
        if not expects_report and "WARNING: ThreadSanitizer" in out:
            sys.exit("error: ThreadSanitizer reported something in a sample that must be clean")
        prefix = "CHECK"
    else:
        if p.returncode != 0:
            sys.exit("error: exit code %d, expected 0" % p.returncode)
        prefix = "PLAIN" if re.search(r"^//\s*PLAIN:", text, re.M) else ("CHECK" if not racy else None)

    if prefix and re.search(r"^//\s*" + prefix + r"(-NEXT|-NOT|-DAG|-SAME)?:", text, re.M):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write(out)
            name = f.name
        try:
            r = subprocess.run([a.filecheck, a.source, "--input-file=" + name,
                                "--check-prefix=" + prefix, "--dump-input=fail"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        finally:
            os.unlink(name)
        if r.returncode != 0:
            print(r.stdout)
            sys.exit("error: the output does not match the %s lines of %s" % (prefix, a.source))
    print("ok: %s (%s)" % (os.path.basename(a.binary), a.mode))


if __name__ == "__main__":
    main()
