#!/usr/bin/env python3
"""The plugin as teams run it in CI: through a compile database (`clang-tidy -p`) and through
run-clang-tidy with `-load`, on a scratch project with one racy and one clean file.

  compile_db_test.py CLANG_TIDY RUN_CLANG_TIDY PLUGIN
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

clang_tidy, run_clang_tidy, plugin = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp(prefix="racelab-cdb-")
try:
    src = os.path.join(tmp, "src")
    os.makedirs(src)
    shutil.copy(os.path.join(here, "Inputs", "minigin.h"), src)
    open(os.path.join(src, "racy.cpp"), "w").write(
        '#include "minigin.h"\n#include <thread>\n'
        "void h(minigin::Context& c) {\n"
        "  std::thread([&c] { (void)c.path(); }).detach();\n}\n")
    open(os.path.join(src, "clean.cpp"), "w").write(
        '#include "minigin.h"\n#include <thread>\n'
        "void h(minigin::Context& c) {\n"
        "  std::thread([cp = c.copy()] { (void)cp.path(); }).detach();\n}\n")
    build = os.path.join(tmp, "build")
    os.makedirs(build)
    db = [{"directory": src, "file": os.path.join(src, f),
           "arguments": ["clang++-19", "-std=c++20", "-c", f, "-o", f + ".o"]}
          for f in ("racy.cpp", "clean.cpp")]
    json.dump(db, open(os.path.join(build, "compile_commands.json"), "w"))
    want = re.compile(r"racy\.cpp:4:17: warning: original context 'c' captured by reference "
                      r"escapes into a detached std::thread.*\[racelab-context-escape\]")

    def run(cmd):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("$ " + " ".join(cmd) + "\n" + p.stdout)
        return p.stdout

    out = run([clang_tidy, "--load", plugin, "--checks=-*,racelab-*", "-p", build,
               os.path.join(src, "racy.cpp"), os.path.join(src, "clean.cpp")])
    if not want.search(out) or "clean.cpp:" in out:
        sys.exit("error: clang-tidy -p did not report exactly the racy file")
    out = run([run_clang_tidy, "-load", plugin, "-checks=-*,racelab-*", "-p", build, "-quiet"])
    if not want.search(out) or "clean.cpp:4" in out:
        sys.exit("error: run-clang-tidy -load did not report exactly the racy file")
    print("ok: compile database and run-clang-tidy")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
