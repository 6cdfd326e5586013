#!/usr/bin/env python3
"""racelab lints itself, and its code keeps the shape a newcomer can read.

usage: self_lint_test.py RACELAB SOURCE_DIR BUILD_DIR PRIMARY_LLVM_MAJOR

1. `racelab lint -p BUILD_DIR` over the project's own sources (the framework, the CLI, the
   checker, the benchmarks, the framework's tests: everything but the samples and exercises,
   which race on purpose) with every racelab check finds nothing. A wrong finding gets
   `// NOLINT(racelab-...): reason`; a right one gets fixed.
2. The same run enables readability-function-size, which the .clang-tidy files of checker/,
   cli/ and mini-framework/ configure: no function body longer than 60 lines there.
3. No file in those directories is longer than 500 lines.

A generated 61-line function is linted first, so a rule that stopped working fails the test.
The checker's sources are compiled once per LLVM major; they are linted with the primary major's
flags only (one compile database entry per file), as the other majors' are the same code.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

MAX_FILE_LINES = 500
SHAPED = ["checker", "cli", "mini-framework"]
LINTED = SHAPED + ["bench", "tests/framework"]
CHECKS = "-*,racelab-*,readability-function-size"


def lint(racelab, args, cwd):
    p = subprocess.run([racelab, "lint", "--checks=" + CHECKS, "--format", "json"] + args,
                       cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError:
        sys.exit("FAIL: racelab lint %s printed no JSON (exit %d):\n%s%s"
                 % (" ".join(args), p.returncode, p.stdout, p.stderr))


def self_check(racelab, src_dir):
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(src_dir, "cli", ".clang-tidy"), tmp)
        body = "\n".join("  x += %d;" % i for i in range(61))
        with open(os.path.join(tmp, "long.cpp"), "w") as f:
            f.write("int x;\nvoid tooLong() {\n%s\n}\n" % body)
        out = lint(racelab, ["long.cpp"], tmp)
    checks = [f["check"] for f in out["findings"]]
    if checks != ["readability-function-size"]:
        sys.exit("FAIL: a 61-line function gave %s, not one readability-function-size finding"
                 % checks)


def long_files(src_dir):
    found = []
    for d in SHAPED:
        for root, _, names in os.walk(os.path.join(src_dir, d)):
            for n in names:
                if n.endswith((".cpp", ".h", ".def")):
                    path = os.path.join(root, n)
                    with open(path, encoding="utf-8") as f:
                        lines = sum(1 for _ in f)
                    if lines > MAX_FILE_LINES:
                        found.append("%s: %d lines (at most %d)"
                                     % (os.path.relpath(path, src_dir), lines, MAX_FILE_LINES))
    return found


def primary_database(build_dir, major, into):
    """build_dir's compile database without the other LLVM majors' plugin builds."""
    entries = json.load(open(os.path.join(build_dir, "compile_commands.json")))
    def other_major(e):
        command = e.get("command") or " ".join(e.get("arguments", []))
        return "/usr/lib/llvm-" in command and "/usr/lib/llvm-%s/" % major not in command
    kept = [e for e in entries if not other_major(e)]
    with open(os.path.join(into, "compile_commands.json"), "w") as f:
        json.dump(kept, f)


def main():
    racelab, src_dir, build_dir, major = sys.argv[1:5]
    self_check(racelab, src_dir)
    with tempfile.TemporaryDirectory() as db:
        primary_database(build_dir, major, db)
        out = lint(racelab, ["-p", db] + LINTED, src_dir)
    failures = long_files(src_dir)
    failures += ["%s:%s:%s: %s [%s]" % (os.path.relpath(f["file"], src_dir), f["line"],
                                        f["column"], f["message"], f["check"])
                 for f in out["findings"]]
    failures += ["lint error: %s" % e for e in out["errors"]]
    print("%d files linted" % out["files"])
    if out["files"] < 30:
        failures.append("only %d files linted: the directories %s hold more"
                        % (out["files"], LINTED))
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("ok: no finding, no function over 60 lines, no file over %d lines" % MAX_FILE_LINES)


if __name__ == "__main__":
    main()
