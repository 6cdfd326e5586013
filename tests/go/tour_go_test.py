#!/usr/bin/env python3
"""`racelab tour --go`: the Go twins' rows of the tour's table.

  tour_go_test.py RACELAB REPO GO_BINS GOCACHE

On a copy of the samples that holds only the Go twins (and each lesson.json), so the C++ legs
(which need the plugin and the TSan builds) are not part of this test: every Go row is ✓ with the
prebuilt binaries of go.build; the racy rows name the pair of lines the CHECK lines pin; a
CHECK line moved to a line the report does not name turns its row ✗ and the exit status 1; and
without prebuilt binaries the tour builds the twins itself with go build -race.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def fail(msg, out=""):
    print(out)
    sys.exit("error: " + msg)


def tour(racelab, samples, args, env_extra):
    env = dict(os.environ)
    env.pop("RACELAB_GO_BINS", None)
    env.update(env_extra)
    env["RACELAB_SAMPLES"] = samples
    return subprocess.run([racelab, "tour", "--go"] + args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=600)


def main():
    racelab, repo, go_bins, gocache = sys.argv[1:5]
    src = os.path.join(repo, "samples")
    tmp = tempfile.mkdtemp(prefix="racelab-tour-go-")
    try:
        samples = os.path.join(tmp, "samples")
        shutil.copytree(os.path.join(src, "common", "go"), os.path.join(samples, "common", "go"))
        twins = []
        for name in sorted(os.listdir(src)):
            if re.match(r"\d\d-", name) and os.path.isdir(os.path.join(src, name, "go")):
                shutil.copytree(os.path.join(src, name, "go"), os.path.join(samples, name, "go"))
                shutil.copy(os.path.join(src, name, "lesson.json"), os.path.join(samples, name))
                twins += [(name[:2], v) for v in ("racy", "fixed")
                          if os.path.exists(os.path.join(src, name, "go", v + ".go"))]
        if len(twins) < 12:
            fail("expected at least 6 lessons with a racy and a fixed Go twin, found %d twins" % len(twins))

        # Every row as the course says, with the binaries go.build made.
        p = tour(racelab, samples, ["--json", "-j", "2"], {"RACELAB_GO_BINS": go_bins})
        rows = json.loads(p.stdout) if p.stdout.startswith("[") else fail("no JSON", p.stdout + p.stderr)
        if p.returncode != 0 or len(rows) != len(twins):
            fail("exit %d, %d rows for %d twins" % (p.returncode, len(rows), len(twins)), p.stdout)
        for r in rows:
            if not r["ok"] or r["language"] != "Go":
                fail("row not ok: " + json.dumps(r))
            want = re.match(r"race at (\d+), (\d+)$", r["expected"])
            if r["variant"] == "racy":
                # The verdict names the pair the CHECK lines pin, in either order.
                got = re.match(r"race between racy\.go:(\d+) and racy\.go:(\d+)", r["tsan"])
                if not want or not got or sorted(want.groups()) != sorted(got.groups()):
                    fail("racy row's verdict is not the pinned pair: " + json.dumps(r))
            elif r["tsan"] != "clean" or r["expected"] != "clean":
                fail("fixed row not clean: " + json.dumps(r))

        # The table: a language column, every row ✓.
        p = tour(racelab, samples, ["-j", "2"], {"RACELAB_GO_BINS": go_bins})
        lines = [l for l in p.stdout.splitlines() if re.match(r"\d\d (racy|fixed)", l)]
        if (p.returncode != 0 or not p.stdout.startswith("sample    language") or len(lines) != len(twins)
                or not all(l.rstrip().endswith("\u2713") and " Go " in l for l in lines)):
            fail("the table is not every Go row ✓", p.stdout)
        if "%d of %d programs behaved as the course says" % (len(twins), len(twins)) not in p.stdout:
            fail("no summary line", p.stdout)

        # A CHECK line that names a line no report names: the row fails, and the tour.
        racy = os.path.join(samples, "03-context-in-detached-thread", "go", "racy.go")
        text = open(racy).read()
        moved = re.sub(r"(// CHECK-NEXT: /03-context-in-detached-thread/go/racy\.go:)\d+", r"\g<1>12", text, count=1)
        if moved == text:
            fail("no CHECK line to move in " + racy)
        open(racy, "w").write(moved)
        p = tour(racelab, samples, ["--sample", "03"], {"RACELAB_GO_BINS": go_bins})
        if p.returncode != 1 or "the race report does not name racy.go:12" not in p.stdout:
            fail("a wrong CHECK line did not fail the tour (exit %d)" % p.returncode, p.stdout)
        open(racy, "w").write(text)

        # No prebuilt binaries: the tour builds the twins (Gin compiled once, in go.build's cache).
        p = tour(racelab, samples, ["--sample", "03"], {"GOCACHE": gocache})
        if p.returncode != 0 or p.stdout.count("\u2713") != 2:
            fail("tour --go did not build and pass lesson 3's twins itself", p.stdout + p.stderr)
        print(p.stdout)
        print("ok: tour --go, %d Go rows ✓" % len(twins))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
