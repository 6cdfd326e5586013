#!/usr/bin/env python3
"""Runs the racelab checks, unconfigured, over the field corpus and compares their warnings with
the corpus's markers (tests/field/README.md): every `// BUG: check` line must be warned about by
that check and every racelab warning must have its marker.

  run_field.py --clang-tidy BIN --plugin SO [--summary] PATH...
  run_field.py --count-only [--min-cases N] [--min-frameworks N] PATH...
--count-only checks the corpus itself without clang-tidy: every file has cases, a `bug` case has
a BUG marker (or a known miss), an `ok` case none, and the counts reach the minimums.
PATH is a .cpp file or a directory searched recursively (mocks/ is skipped).
"""
import argparse
import collections
import os
import re
import shlex
import shutil
import subprocess
import sys

CASE = re.compile(r"//\s*case:\s*(\S+)\s*\((bug|ok)\)")
BUG = re.compile(r"//\s*BUG:\s*(racelab-[a-z-]+(?:\s*,\s*racelab-[a-z-]+)*)")
# Known gaps, kept honest: the run fails when one of them starts passing, so the list shrinks.
KNOWN_MISS = re.compile(r"//\s*BUG\(known-miss\):\s*(racelab-[a-z-]+)")
KNOWN_ALARM = re.compile(r"//\s*FALSE-ALARM\(known\):\s*(racelab-[a-z-]+)")
WARNING = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*) \[(racelab-[a-z-]+)\]$")


def sources(paths):
    for path in paths:
        if os.path.isfile(path):
            yield os.path.abspath(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "mocks")
            for name in sorted(files):
                if name.endswith(".cpp"):
                    yield os.path.abspath(os.path.join(root, name))


def flags_for(source):
    directory = os.path.dirname(source)
    while True:
        candidate = os.path.join(directory, "FLAGS")
        if os.path.exists(candidate):
            text = open(candidate).read().strip().replace("%S", directory)
            return shlex.split(text)
        parent = os.path.dirname(directory)
        if parent == directory:
            return ["-std=c++20"]
        directory = parent


def markers(source):
    """(expected warnings, cases, known misses, known false alarms) of one file."""
    expected, cases, misses, alarms = set(), [], set(), set()
    for number, line in enumerate(open(source, encoding="utf-8"), 1):
        case = CASE.search(line)
        if case:
            cases.append((case.group(1), case.group(2), number))
        bug = BUG.search(line)
        if bug:
            for check in bug.group(1).split(","):
                expected.add((number, check.strip()))
        miss = KNOWN_MISS.search(line)
        if miss:
            misses.add((number, miss.group(1)))
        alarm = KNOWN_ALARM.search(line)
        if alarm:
            alarms.add((number, alarm.group(1)))
    return expected, cases, misses, alarms


def check_case_markers(rel, cases, marked_lines):
    """A `bug` case has at least one marker between its line and the next case's, an `ok` case
    none."""
    failures = 0
    bounds = [line for _, _, line in cases] + [10**9]
    for (name, kind, line), end in zip(cases, bounds[1:]):
        marked = any(line < m < end for m in marked_lines)
        if kind == "bug" and not marked:
            print("%s:%d: case %s is a bug case without a BUG marker" % (rel, line, name))
            failures += 1
        elif kind == "ok" and marked:
            print("%s:%d: case %s is an ok case with a BUG marker" % (rel, line, name))
            failures += 1
    return failures


def run(args, source):
    command = [args.clang_tidy, "--load", args.plugin, "--checks=-*,racelab-*",
               "--quiet", source, "--"] + flags_for(source)
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    found = set()
    for line in result.stdout.splitlines():
        m = WARNING.match(line)
        if m and os.path.abspath(m.group(1)) == source:
            found.add((int(m.group(2)), m.group(5)))
    errors = [l for l in result.stdout.splitlines() if ": error: " in l]
    return found, errors, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clang-tidy")
    parser.add_argument("--plugin")
    parser.add_argument("--count-only", action="store_true")
    parser.add_argument("--min-frameworks", type=int, default=0)
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("--min-cases", type=int, default=0)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    if not args.count_only and not (args.clang_tidy and args.plugin):
        parser.error("--clang-tidy and --plugin are required unless --count-only")
    # A missing plugin or clang-tidy would otherwise read as "no diagnostics": every bug MISSED.
    if not args.count_only and not os.path.isfile(args.plugin):
        parser.error("--plugin %s: no such file (build the RacelabTidy target first)" % args.plugin)
    if not args.count_only and not shutil.which(args.clang_tidy):
        parser.error("--clang-tidy %s: not found" % args.clang_tidy)
    failures, per_framework, known = 0, collections.Counter(), collections.Counter()
    for source in sources(args.paths):
        expected, cases, misses, alarms = markers(source)
        framework = os.path.basename(os.path.dirname(source))
        for name, kind, _ in cases:
            per_framework[(framework, kind)] += 1
        bug_cases = {name for name, kind, _ in cases if kind == "bug"}
        rel = os.path.relpath(source)
        if not cases:
            print("%s: no `// case:` line" % rel)
            failures += 1
            continue
        failures += check_case_markers(rel, cases, {l for l, _ in expected | misses})
        if args.count_only:
            continue
        found, errors, output = run(args, source)
        if errors:
            print("%s: does not compile:\n  %s" % (rel, "\n  ".join(errors[:5])))
            failures += 1
            continue
        for line, check in sorted(misses & found):
            print("%s:%d: KNOWN MISS NOW FOUND (make it a BUG marker): %s" % (rel, line, check))
        for line, check in sorted(alarms - found):
            print("%s:%d: KNOWN FALSE ALARM GONE (drop its marker): %s" % (rel, line, check))
        failures += len(misses & found) + len(alarms - found)
        known["miss"] += len(misses - found)
        known["alarm"] += len(alarms & found)
        found -= alarms | misses
        for line, check in sorted(expected - found):
            print("%s:%d: MISSED: %s" % (rel, line, check))
        for line, check in sorted(found - expected):
            detail = [l for l in output.splitlines() if ":%d:" % line in l and check in l]
            print("%s:%d: FALSE ALARM: %s" % (rel, line, detail[0] if detail else check))
        failures += len(expected ^ found)
        status = "ok" if expected == found else "FAIL"
        print("%s %s (%d cases, %d bugs expected, %d found)" % (status, rel, len(cases),
                                                               len(bug_cases), len(found & expected)))
    total = sum(per_framework.values())
    frameworks = {f for f, _ in per_framework}
    if len(frameworks) < args.min_frameworks:
        print("error: %d frameworks, at least %d required" % (len(frameworks), args.min_frameworks))
        failures += 1
    if args.summary:
        for framework in sorted({f for f, _ in per_framework}):
            print("%-14s %3d bug, %3d ok" % (framework, per_framework[(framework, "bug")],
                                             per_framework[(framework, "ok")]))
        print("total %d cases; known misses %d, known false alarms %d"
              % (total, known["miss"], known["alarm"]))
    if total < args.min_cases:
        print("error: %d cases, at least %d required" % (total, args.min_cases))
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
