#!/usr/bin/env python3
"""Developer tool: writes CHECK-NOTES / CHECK-FIXES lines into a checker fixture from what the
plugin reports now, in the style of LLVM's tests. Review every line it adds: a test pins
behaviour only once a person has judged that behaviour right.

  update_checks.py --clang-tidy clang-tidy-19 --plugin build/lib/libRacelabTidy.so FIXTURE

The fixture's `// RUN:` line gives the check and arguments, as for check_clang_tidy.py. Existing
CHECK lines are removed first.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--clang-tidy", default="clang-tidy-19")
ap.add_argument("--plugin", required=True)
ap.add_argument("fixture")
a = ap.parse_args()

src = open(a.fixture, encoding="utf-8").read().split("\n")
src = [l for l in src if not re.match(r"^\s*// CHECK-(NOTES|FIXES|MESSAGES)[A-Z0-9-]*:", l)]
run = shlex.split(re.match(r"^// RUN: (.*)$", src[0]).group(1))
check = run[0]
opts, args = [], []
if "--" in run:
    i = run.index("--")
    opts, args = run[1:i], run[i + 1:]
config = [o.replace("%S", os.path.dirname(os.path.abspath(a.fixture))) for o in opts if o.startswith("--config")]
suffix = [o.split("=", 1)[1] for o in opts if o.startswith("--check-suffix")]
prefix_notes = "CHECK-NOTES" + ("-" + suffix[0] if suffix else "")
prefix_fixes = "CHECK-FIXES" + ("-" + suffix[0] if suffix else "")
here = os.path.dirname(os.path.abspath(a.fixture))
tmp = tempfile.mkdtemp()
work = os.path.join(tmp, os.path.basename(a.fixture))
open(work, "w", encoding="utf-8").write("\n".join(src))
cmd = [a.clang_tidy, "--load", a.plugin, "--checks=-*," + check, "--fix", "--quiet"] + \
    config + [work, "--"] + [x.replace("%S", here) for x in args] + ["-I" + here, "-I" + os.path.join(here, "Inputs")]
out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
if re.search(r"(error|Fixes have NOT been applied)", out):
    sys.exit("clang-tidy reported errors; fix the fixture first:\n" + out)
fixed = open(work, encoding="utf-8").read().split("\n")
shutil.rmtree(tmp)

groups = []  # [(lines, [(line, col, kind, text)])]
for l in out.splitlines():
    m = re.match(r"^.*?:(\d+):(\d+): (warning|note): (.*)$", l)
    if not m or "FIX-IT applied" in m.group(4):
        continue
    line, col, kind, text = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    if kind == "warning":
        groups.append([])
    if groups:
        groups[-1].append((line, col, kind, text))

insert = {}  # after source line -> list of check lines
last = 0
for g in groups:
    at = max(max(x[0] for x in g), last)
    last = at
    for (line, col, kind, text) in g:
        insert.setdefault(at, []).append((line, col, kind, text))
for i, (s_line, f_line) in enumerate(zip(src, fixed), start=1):
    if s_line != f_line:
        insert.setdefault(i, []).append(("fix", f_line))

out_lines = []
newpos = {}
for i, l in enumerate(src, start=1):
    out_lines.append(l)
    newpos[i] = len(out_lines)
    items = insert.get(i, [])
    pending = [it for it in items if it[0] != "fix"]
    fixes = [it for it in items if it[0] == "fix"]
    for it in fixes:
        text = it[1]
        out_lines.append("  // %s: {{^}}%s{{$}}" % (prefix_fixes, text))
    for (line, col, kind, text) in pending:
        # offset relative to the line this CHECK comment will be on
        check_line = len(out_lines) + 1
        off = newpos[line] - check_line
        where = "[[@LINE%+d]]" % off if off else "[[@LINE]]"
        out_lines.append("  // %s: :%s:%d: %s: %s" % (prefix_notes, where, col, kind, text))
open(a.fixture, "w", encoding="utf-8").write("\n".join(out_lines))
print("wrote %d diagnostic groups, %d fixed lines" % (len(groups), sum(1 for v in insert.values() for x in v if x[0] == "fix")))
