#!/usr/bin/env python3
"""Checks one workshop exercise file (label docs).

  exercise_test.py --mode starter|solution --binary BIN --source SRC --clang-tidy CT --plugin SO
                   --include DIR [--include DIR ...]

A starter must show the bug its `// EXPECT:` lines name: `tsan` (ThreadSanitizer reports, exit
66), `guard` (MINIGIN_GUARD=1 aborts with a guard diagnosis), `lint CHECK...` (each check
reports). A solution must be clean in all three ways. The linter uses the .clang-tidy next to the
file, if there is one.
"""
import argparse
import os
import re
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--mode", choices=["starter", "solution"], required=True)
ap.add_argument("--binary", required=True)
ap.add_argument("--source", required=True)
ap.add_argument("--clang-tidy", required=True)
ap.add_argument("--plugin", required=True)
ap.add_argument("--include", action="append", default=[])
a = ap.parse_args()

text = open(a.source).read()
expect = {}
for m in re.finditer(r"^// EXPECT: (\w+)(.*)$", text, re.M):
    expect[m.group(1)] = m.group(2).split()
if a.mode == "starter" and not expect:
    sys.exit("error: a starter must declare what shows its bug (// EXPECT: tsan|guard|lint CHECK...)")


def run(env):
    e = dict(os.environ)
    e.pop("MINIGIN_GUARD", None)
    e["TSAN_OPTIONS"] = "halt_on_error=0 exitcode=66 atexit_sleep_ms=0"
    e.update(env)
    p = subprocess.run([a.binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=e,
                       timeout=120)
    return p.returncode, p.stdout


def fail(msg, out=""):
    print(out)
    sys.exit("error: %s: %s" % (os.path.basename(a.source), msg))


rc, out = run({})
if a.mode == "solution":
    if rc != 0 or "WARNING: ThreadSanitizer" in out:
        fail("a solution must run clean under ThreadSanitizer (exit %d)" % rc, out)
elif "tsan" in expect and (rc != 66 or "WARNING: ThreadSanitizer: data race" not in out):
    fail("ThreadSanitizer did not report the bug (exit %d)" % rc, out)
print(out)

if a.mode == "solution" or "guard" in expect:
    rc, gout = run({"MINIGIN_GUARD": "1", "TSAN_OPTIONS": "report_bugs=0"})
    guarded = "minigin guard:" in gout
    if a.mode == "solution" and (guarded or rc != 0):
        fail("guard mode must find nothing in a solution (exit %d)" % rc, gout)
    if a.mode == "starter" and not guarded:
        fail("guard mode did not catch the misuse (exit %d)" % rc, gout)
    print(gout)

cmd = [a.clang_tidy, "--load", a.plugin, "--checks=-*,racelab-*", "--quiet", a.source, "--",
       "-std=c++20"] + ["-I" + d for d in a.include]
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
print(p.stdout)
if "error:" in p.stdout:
    fail("clang-tidy could not compile it", p.stdout)
found = set(re.findall(r"warning: .*\[(racelab-[a-z-]+)\]", p.stdout))
if a.mode == "solution" and found:
    fail("the linter still reports %s" % sorted(found), p.stdout)
for check in expect.get("lint", []):
    if check not in found:
        fail("the linter did not report %s" % check, p.stdout)
print("ok: %s (%s)" % (a.source, a.mode))
