#!/usr/bin/env python3
"""The linter leg of a sample: runs every racelab-* check on one sample source through the
build's compile database and compares the findings with the source's `// LINT: check@line`
lines (read by sample_directives.py), exactly. A source without LINT lines (every fixed twin,
and the lessons whose race the linter cannot see) must produce no finding at all.

  lint_sample.py CLANG_TIDY PLUGIN BUILD_DIR SOURCE
"""
import re
import subprocess
import sys

from sample_directives import Directives

clang_tidy, plugin, build, source = sys.argv[1:5]
want = Directives(source).lint
p = subprocess.run([clang_tidy, "--load", plugin, "--checks=-*,racelab-*", "--quiet", "-p", build,
                    source], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
print(p.stdout)
if "error:" in p.stdout:
    sys.exit("error: clang-tidy could not compile the sample")
got = set()
for m in re.finditer(r"^(.*?):(\d+):\d+: warning: .*\[(racelab-[a-z-]+)\]$", p.stdout, re.M):
    if m.group(1).endswith(source.split("/")[-1]):
        got.add((m.group(3), int(m.group(2))))
if got != want:
    sys.exit("error: expected %s, got %s" % (sorted(want) or "no finding", sorted(got) or "no finding"))
print("ok: %s: %s" % (source, ", ".join("%s@%d" % w for w in sorted(want)) or "no finding"))
