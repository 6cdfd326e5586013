#!/usr/bin/env python3
"""scripts/new-check adds a check that builds, loads and passes its own fixture, touching only the
registry line (and the index generated from it) plus the check's own files.

usage: new_check_test.py SOURCE_DIR CLANG_TIDY FILECHECK CLANG_FORMAT

Works in a scratch copy of the source tree: runs `scripts/new-check --sync-index` (the docs
index must already agree with the registry), then `scripts/new-check example-sleep`, compares
the tree before and after, builds the plugin of the scratch copy, and runs the new fixture.
"""
import os
import shutil
import subprocess
import sys
import tempfile

NEW_ID = "racelab-example-sleep"
EXPECTED_ADDED = {"checker/ExampleSleepCheck.h", "checker/ExampleSleepCheck.cpp",
                  "tests/checker/%s.cpp" % NEW_ID, "docs/checks/%s.md" % NEW_ID}
EXPECTED_CHANGED = {"checker/Checks.def", "docs/checks/README.md"}
OLD_IDS = {"racelab-context-escape", "racelab-context-view-escape",
           "racelab-unsynchronized-shared-write", "racelab-atomic-split-update"}


def run(argv, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if p.returncode != 0:
        sys.exit("FAIL: %s exited %d:\n%s" % (" ".join(argv), p.returncode, p.stdout[-4000:]))
    return p.stdout


def snapshot(root):
    files = {}
    for d, subdirs, names in os.walk(root):
        subdirs[:] = [s for s in subdirs if not s.startswith(("build", ".git"))]
        for n in names:
            path = os.path.join(d, n)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def copy_tree(src, dst):
    tracked = subprocess.run(["git", "-C", src, "ls-files", "-z"], stdout=subprocess.PIPE)
    if tracked.returncode == 0 and tracked.stdout:
        # What git tracks, as it is in the work tree (a scratch copy of a clean clone).
        for rel in tracked.stdout.decode().split("\0"):
            if rel and os.path.isfile(os.path.join(src, rel)):
                os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
                shutil.copy2(os.path.join(src, rel), os.path.join(dst, rel))
    else:
        shutil.copytree(src, dst, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("build*", ".git", "__pycache__"))


def main():
    src, tidy, filecheck, clang_format = sys.argv[1:5]
    with tempfile.TemporaryDirectory(prefix="racelab-new-check-") as tmp:
        tree = os.path.join(tmp, "src")
        copy_tree(src, tree)
        before = snapshot(tree)
        run([sys.executable, os.path.join(tree, "scripts", "new-check"), "--sync-index"])
        if snapshot(tree) != before:
            sys.exit("FAIL: docs/checks/README.md disagrees with checker/Checks.def: "
                     "run scripts/new-check --sync-index")
        print(run([sys.executable, os.path.join(tree, "scripts", "new-check"), "example-sleep",
                   "--summary", "A sleep is used to order the work of two threads."]))
        after = snapshot(tree)
        added = set(after) - set(before)
        changed = {f for f in before if f in after and before[f] != after[f]}
        removed = set(before) - set(after)
        if added != EXPECTED_ADDED or changed != EXPECTED_CHANGED or removed:
            sys.exit("FAIL: new-check added %s, changed %s, removed %s; expected added %s, "
                     "changed %s" % (sorted(added), sorted(changed), sorted(removed),
                                     sorted(EXPECTED_ADDED), sorted(EXPECTED_CHANGED)))
        cpp = [os.path.join(tree, f) for f in sorted(added) if f.startswith("checker/")]
        run([clang_format, "--dry-run", "--Werror"] + cpp, cwd=tree)
        build = os.path.join(tmp, "build")
        run(["cmake", "-S", tree, "-B", build, "-G", "Ninja", "-DCMAKE_C_COMPILER=clang-19",
             "-DCMAKE_CXX_COMPILER=clang++-19", "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
             "-DCMAKE_COMPILE_WARNING_AS_ERROR=ON", "-DRACELAB_BUILD_TESTS=OFF",
             "-DRACELAB_BUILD_BENCH=OFF"])
        run(["cmake", "--build", build, "--target", "RacelabTidy", "-j2"])
        plugin = os.path.join(build, "lib", "libRacelabTidy.so")
        listed = run([tidy, "--load=" + plugin, "--checks=-*,racelab-*", "--list-checks"])
        ids = {l.strip() for l in listed.splitlines() if l.strip().startswith("racelab-")}
        if ids != OLD_IDS | {NEW_ID}:
            sys.exit("FAIL: the rebuilt plugin lists %s" % sorted(ids))
        print(run([sys.executable, os.path.join(tree, "tests", "checker", "check_clang_tidy.py"),
                   "--clang-tidy", tidy, "--plugin", plugin, "--filecheck", filecheck,
                   os.path.join(tree, "tests", "checker", NEW_ID + ".cpp")])[-300:])
    print("ok: new-check wrote 4 files and one registry line; the plugin builds and lists "
          + NEW_ID + "; its fixture passes")


if __name__ == "__main__":
    main()
