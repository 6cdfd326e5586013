#!/usr/bin/env python3
"""Runs the shell sessions of one Markdown page (```console blocks) and checks their output.

  console_blocks_test.py SOURCE_DIR BUILD_DIR PAGE

In a ```console block, a line starting with "$ " is a command (a trailing backslash continues it)
and the lines after it, up to the next command, are key lines of its output: each must appear in
what the command prints, in that order (as a substring of a line; "…" lines are skipped). The
commands run with bash in a scratch directory that looks like the repository's root (its
top-level entries are links), with `build/` being BUILD_DIR, so nothing they write lands in the
tree.
"""
import os
import shutil
import subprocess
import sys

from console_sessions import console_blocks, console_sessions, scratch_root, session_env

source, build, page = sys.argv[1:4]
text = open(page, encoding="utf-8").read()
if not console_blocks(text):
    sys.exit("error: %s has no ```console block" % page)
sessions = console_sessions(text)

tmp = scratch_root(source, build, "racelab-docs-")
try:
    env = session_env(build)
    failures = 0
    for cmd, expected in sessions:
        p = subprocess.run(["bash", "-c", cmd], cwd=tmp, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=300)
        out = p.stdout.split("\n")
        pos = 0
        missing = None
        for want in expected:
            while pos < len(out) and want not in out[pos]:
                pos += 1
            if pos == len(out):
                missing = want
                break
            pos += 1
        print("$ %s   (exit %d)" % (cmd, p.returncode))
        if missing is not None:
            failures += 1
            print("  MISSING (in this order): %r\n  --- output ---\n%s" % (missing, p.stdout))
    if failures:
        sys.exit("error: %d command(s) of %s do not print what the page shows" % (failures, page))
    print("ok: %d commands of %s" % (len(sessions), page))
finally:
    shutil.rmtree(tmp, ignore_errors=True)
