#!/usr/bin/env python3
"""scripts/bench-checker-instructions stays runnable (it is no timing test, and a real run takes
about 20 CPU seconds even on a tiny TU): --dry-run, which needs no built plugin, gives for a tiny
TU the two callgrind commands with the plugin, the checks and the flags, and for the shared list
(scripts/checker-field-tus.sh, also read by bench-checker-field) every file of the field corpus
and the framework-only TUs; its reader of callgrind's files adds up a real file (callgrind on ls,
a fraction of a second) to callgrind's own total.

usage: checker_instructions_test.py SOURCE_DIR PLUGIN CLANG_TIDY
"""
import importlib.machinery
import importlib.util
import os
import re
import shlex
import subprocess
import sys
import tempfile


def fail(msg, out=""):
    print("FAIL: " + msg + "\n" + out)
    sys.exit(1)


def dry_run(script, *args):
    r = subprocess.run([script, "--dry-run"] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        fail("--dry-run exited with %d" % r.returncode, r.stdout + r.stderr)
    return [line.split(": ", 1) for line in r.stdout.splitlines()]


def main():
    src, plugin, tidy = sys.argv[1:4]
    script = os.path.join(src, "scripts", "bench-checker-instructions")
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "tiny.cpp")
        with open(tu, "w") as f:
            f.write("int main() {}\n")
        lines = dry_run(script, "--plugin", plugin, "--clang-tidy", tidy, "--tu",
                        tu + "|-std=c++17 -DX")
        if [name for name, _ in lines] != ["tiny.cpp", "tiny.cpp"]:
            fail("not two runs of tiny.cpp", repr(lines))
        checks = []
        for _, command in lines:
            argv = shlex.split(command)
            if argv[:3] != ["nice", "-n", "5"] or argv[3] != "valgrind" or \
                    "--tool=callgrind" not in argv or "--cache-sim=no" not in argv:
                fail("not callgrind under nice", command)
            at = argv.index(tidy)
            if argv[at + 1:at + 3] != ["--quiet", "--load"] or \
                    argv[at + 3] != os.path.abspath(plugin) or \
                    argv[-4:] != [tu, "--", "-std=c++17", "-DX"]:
                fail("not clang-tidy with the plugin on the TU and its flags", command)
            checks.append(argv[at + 4])
        if checks != ["--checks=-*,misc-unused-alias-decls",
                      "--checks=-*,misc-unused-alias-decls,racelab-*"]:
            fail("not the baseline and the baseline plus racelab-*", repr(checks))
    listed = {name for name, _ in dry_run(script, "--plugin", plugin)}
    field = os.path.join(src, "tests", "field")
    corpus = {d + "/" + f for d in os.listdir(field)
              if d != "mocks" and os.path.isdir(os.path.join(field, d))
              for f in os.listdir(os.path.join(field, d)) if f.endswith(".cpp")}
    framework = {"httplib.cpp", "cpprest.cpp", "restinio.cpp", "beast.cpp", "json.cpp", "grpc.cpp"}
    if not corpus or listed != corpus | framework:
        fail("the shared list is not the field corpus and the framework TUs",
             "missing: %s\nextra: %s" % (sorted((corpus | framework) - listed),
                                        sorted(listed - corpus - framework)))
    with tempfile.TemporaryDirectory() as tmp:
        cg = os.path.join(tmp, "ls.callgrind")
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + cg, "ls", src],
                       check=True, capture_output=True)
        with open(cg) as f:
            totals = int(re.search(r"^totals: (\d+)", f.read(), re.M).group(1))
        loader = importlib.machinery.SourceFileLoader("bench_checker_instructions", script)
        module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
        loader.exec_module(module)
        profile = module.Profile(cg)
        outer = max(profile.self_cost, key=profile.inclusive)
        if profile.total != totals or sum(profile.self_cost.values()) != totals or \
                not profile.self_cost[outer] < profile.inclusive(outer) <= totals:
            fail("callgrind's file read wrong: total %d (callgrind: %d), own costs add up to %d, "
                 "%s's inclusive cost %d" % (profile.total, totals, sum(profile.self_cost.values()),
                                            outer, profile.inclusive(outer)))
    print("ok: %d TUs listed, the tiny TU's two callgrind commands" % len(listed))


if __name__ == "__main__":
    main()
