#!/usr/bin/env python3
"""Builds the Go twins of the lessons (samples/NN-*/go/) under the race detector and checks them.

  go_samples.py build --repo REPO --out DIR --cache DIR
      `go build -race` of every samples/*/go/{racy,fixed}.go and samples/*/go/leakrate, once,
      into DIR (named NN-lesson-racy etc.): real Gin 1.8.1 from Debian's package, GOPATH mode,
      offline (GO111MODULE=off, GOPATH=REPO/samples/common/go:/usr/share/gocode, GOCACHE=DIR).
  go_samples.py run --binary BIN --source SRC --filecheck FILECHECK [--runs 50]
      runs BIN RUNS times (two at a time). A racy twin must, on every run, exit 66 (the race
      detector's exit code for "reported") and print a report matching the `// CHECK:` lines of
      its source, which name the lines of the race pair; a fixed twin must exit 0, print no
      "WARNING: DATA RACE" and match its CHECK lines (its output).
  go_samples.py leakrate --binary BIN
      the leak-rate program: the c.Copy() arm must read zero wrong uids, with no race report;
      the original arm's figure is printed, not asserted.

GORACE is pinned here (tests/go/pinned_gorace.txt, which `racelab tour --go` reads too), so the
caller's environment changes nothing. The directive grammar is tests/samples/sample_directives.py's.
"""
import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples"))
from sample_directives import Directives  # noqa: E402



def _read_pinned_gorace():
    # The one source of the pinned options; cli/CMakeLists.txt compiles the same line into racelab.
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pinned_gorace.txt"),
              encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")][0]


PINNED_GORACE = _read_pinned_gorace()
RACE_WARNING = "WARNING: DATA RACE"


def go_env(repo, cache):
    env = dict(os.environ)
    env.update({
        "GO111MODULE": "off",
        "GOPATH": os.path.join(repo, "samples", "common", "go") + ":/usr/share/gocode",
        "GOCACHE": cache,
        "GOFLAGS": "",
        "GOPROXY": "off",
        "CGO_ENABLED": "1",  # -race links the race runtime through cgo
    })
    return env


def binary_name(repo, source):
    """samples/03-x/go/racy.go -> 03-x-racy; samples/03-x/go/leakrate -> 03-x-leakrate."""
    rel = os.path.relpath(source, os.path.join(repo, "samples")).split(os.sep)
    return rel[0] + "-" + os.path.splitext(rel[-1])[0]


def build(a):
    repo = os.path.abspath(a.repo)
    os.makedirs(a.out, exist_ok=True)
    env = go_env(repo, os.path.abspath(a.cache))
    targets = sorted(glob.glob(os.path.join(repo, "samples", "[0-9][0-9]-*", "go", "*.go")))
    targets += sorted(glob.glob(os.path.join(repo, "samples", "[0-9][0-9]-*", "go", "leakrate")))
    if not targets:
        sys.exit("error: no Go twins under %s/samples/*/go" % repo)

    def one(src):
        out = os.path.join(a.out, binary_name(repo, src))
        start = time.monotonic()
        # A package directory outside GOPATH is named relative to the working directory.
        arg = src if src.endswith(".go") else "./" + os.path.relpath(src, repo)
        r = subprocess.run(["go", "build", "-race", "-o", out, arg], env=env, cwd=repo,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return src, r, time.monotonic() - start

    failed = False
    # The first build compiles Gin and the standard library with -race into the cache; the
    # others then only compile their own file and link, two at a time.
    results = [one(targets[0])]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results += list(pool.map(one, targets[1:]))
    for src, r, secs in results:
        print("%-60s %5.1f s %s" % (os.path.relpath(src, repo), secs, "ok" if r.returncode == 0 else "FAILED"))
        if r.returncode != 0:
            print(r.stdout)
            failed = True
    if failed:
        sys.exit("error: a Go twin does not build")


def run_once(binary):
    env = dict(os.environ)
    env["GORACE"] = PINNED_GORACE
    p = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       env=env, timeout=120)
    return p.returncode, p.stdout


def filecheck(filecheck_bin, source, out):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(out)
        name = f.name
    try:
        r = subprocess.run([filecheck_bin, source, "--input-file=" + name, "--check-prefix=CHECK",
                            "--dump-input=fail"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finally:
        os.unlink(name)
    return r.returncode == 0, r.stdout


def judge(d, a, code, out):
    """What is wrong with one run, or None."""
    want = 66 if d.expects_report else 0
    if code != want:
        return "exit code %d, expected %d" % (code, want)
    if not d.expects_report and RACE_WARNING in out:
        return "the race detector reported something in a twin that must be clean"
    ok, fc = filecheck(a.filecheck, a.source, out)
    if not ok:
        return "the output does not match the CHECK lines of %s\n%s" % (a.source, fc)
    return None


def run(a):
    d = Directives(a.source)
    if "CHECK" not in d.filecheck_prefixes:
        sys.exit("error: %s has no CHECK lines" % a.source)
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        runs = list(pool.map(lambda _: run_once(a.binary), range(a.runs)))
    bad = [(i, code, out, judge(d, a, code, out)) for i, (code, out) in enumerate(runs)]
    bad = [b for b in bad if b[3]]
    print(runs[0][1])
    if bad:
        i, code, out, why = bad[0]
        print("--- run %d:\n%s" % (i + 1, out))
        sys.exit("error: %d of %d runs failed; run %d: %s" % (len(bad), a.runs, i + 1, why))
    print("ok: %s, %d of %d runs as declared (%s)" % (os.path.basename(a.binary), a.runs, a.runs,
          "race reported at the CHECK lines" if d.expects_report else "clean"))


def leakrate(a):
    env = dict(os.environ)
    env["GORACE"] = PINNED_GORACE
    cp = subprocess.run([a.binary, "-arm", "copy"], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True, env=env, timeout=120)
    print(cp.stdout)
    m = re.search(r"^copy +context: (\d+) of (\d+) jobs", cp.stdout, re.M)
    if cp.returncode != 0 or not m or RACE_WARNING in cp.stdout:
        sys.exit("error: the c.Copy() arm must exit 0, report no race and print its count")
    if int(m.group(1)) != 0 or int(m.group(2)) == 0:
        sys.exit("error: with c.Copy(), %s of %s jobs read another request's uid" % m.groups())
    orig = subprocess.run([a.binary, "-arm", "original"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env, timeout=120)
    figure = re.search(r"^original context: .*$", orig.stdout, re.M)
    print(figure.group(0) if figure else orig.stdout)
    print("ok: c.Copy() gave zero wrong reads")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--repo", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--cache", required=True)
    r = sub.add_parser("run")
    r.add_argument("--binary", required=True)
    r.add_argument("--source", required=True)
    r.add_argument("--filecheck", required=True)
    r.add_argument("--runs", type=int, default=50)
    r.add_argument("--jobs", type=int, default=2)
    l = sub.add_parser("leakrate")
    l.add_argument("--binary", required=True)
    a = ap.parse_args()
    {"build": build, "run": run, "leakrate": leakrate}[a.cmd](a)


if __name__ == "__main__":
    main()
