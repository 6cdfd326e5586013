#!/usr/bin/env python3
"""End-to-end tests of the racelab command line. One test per invocation:

  cli_test.py NAME [ARGS...]

Environment: RACELAB (the binary), SOURCE_DIR, BUILD_DIR, CLANG_TIDY.
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

RACELAB = os.environ["RACELAB"]
SOURCE = os.environ["SOURCE_DIR"]
BUILD = os.environ["BUILD_DIR"]


def run(args, stdin=None, env=None, cwd=None, check_rc=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run(args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       env=e, cwd=cwd)
    print("$ " + " ".join(args) + "  (exit %d)" % p.returncode)
    if check_rc is not None and p.returncode != check_rc:
        print(p.stdout + p.stderr)
        fail("exit code %d, expected %d" % (p.returncode, check_rc))
    return p


def fail(msg):
    sys.exit("error: " + msg)


def expect(cond, msg, text=""):
    if not cond:
        if text:
            print(text)
        fail(msg)


def contains(text, *needles):
    for n in needles:
        expect(n in text, "missing %r" % n, text)


def plugin_checks():
    """The ids of the checks the built plugin registers, as clang-tidy lists them; each must have
    its docs page. The CLI's lists are compared with these, never with a list kept here."""
    p = run([os.environ["CLANG_TIDY"], "--load", os.path.join(BUILD, "lib/libRacelabTidy.so"),
             "--checks=-*,racelab-*", "--list-checks"], check_rc=0)
    ids = re.findall(r"^\s+(racelab-[a-z0-9-]+)\s*$", p.stdout, re.M)
    expect(ids, "clang-tidy lists no racelab check", p.stdout + p.stderr)
    for i in ids:
        expect(os.path.exists(os.path.join(SOURCE, "docs/checks/%s.md" % i)), "docs/checks/%s.md exists" % i)
    return ids


# ---------------------------------------------------------------------------------------------
def t_version_help():
    p = run([RACELAB, "--version"], check_rc=0)
    expect(re.match(r"racelab \d+\.\d+\.\d+ \(plugin for LLVM \d+\)", p.stdout), "version", p.stdout)
    p = run([RACELAB, "--help"], check_rc=0)
    contains(p.stdout, "tour", "run", "explain", "lint", "list", "doctor", "sarif-merge")
    for cmd, opts in [("tour", ["--sample", "--json", "--jobs"]),
                      ("run", ["SAMPLE", "--fixed", "--raw"]),
                      ("explain", ["FILE"]),
                      ("lint", ["PATHS", "--build-dir", "--format", "--output", "--jobs", "--exit-zero",
                                "--clang-tidy", "--shard", "--changed-since"]),
                      ("list", []), ("doctor", ["--clang-tidy", "--workshop"]), ("sarif-merge", ["FILES", "--output"])]:
        p = run([RACELAB, cmd, "--help"], check_rc=0)
        contains(p.stdout, *opts)
    p = run([RACELAB], check_rc=2)
    p = run([RACELAB, "lint", "--format", "xml"], check_rc=2)
    contains(p.stderr, "--format")


def t_list():
    p = run([RACELAB, "list"], check_rc=0)
    lines = [l for l in p.stdout.splitlines() if re.match(r"^\d\d ", l)]
    expect(len(lines) == 10, "10 lessons", p.stdout)
    contains(p.stdout, "Lost updates", "racelab-atomic-split-update", "silent", "yes")


def t_run():
    p = run([RACELAB, "run", "03"], check_rc=0)
    contains(p.stdout, "job for uid=alice read uid=bob", "exit code 66",
             "read of 1 byte by thread T1, at racy.cpp:36",
             "earlier write of 1 byte by main thread, at racy.cpp:40",
             '      > 36 |       job_saw.set_value(std::string(c.query("uid")));',
             "Thread T1 was created by main thread at racy.cpp:34",
             "What happened: The context was reset and reused for the next request",
             "The cure: Hand the thread c.copy()",
             "Read more: samples/03-context-in-detached-thread/README.md")
    p = run([RACELAB, "run", "3", "--fixed"], check_rc=0)
    contains(p.stdout, "uid=alice read uid=alice", "ThreadSanitizer reported nothing.")
    p = run([RACELAB, "run", "02"], check_rc=0)
    contains(p.stdout, "ThreadSanitizer reported nothing.", "That is the lesson:", "fetch_add")
    p = run([RACELAB, "run", "01", "--fixed=mutex"], check_rc=0)
    contains(p.stdout, "fixed-mutex", "expected 400000, got 400000")
    p = run([RACELAB, "run", "01", "--raw"], check_rc=0)
    contains(p.stdout, "WARNING: ThreadSanitizer: data race", "SUMMARY: ThreadSanitizer")
    p = run([RACELAB, "run", "99"], check_rc=2)
    contains(p.stderr, "no sample 99")
    p = run([RACELAB, "run", "01", "--fixed=nope"], check_rc=2)


EXPECT_KIND = {
    "data_race": ("data race", ["data_race.cpp:12", "earlier write", "data_race.cpp:8"]),
    "atomic_race": ("data race", ["atomic write", "One access is atomic and the other is not"]),
    "use_after_free": ("heap-use-after-free", ["use_after_free.cpp:12", "freed"]),
    "thread_leak": ("thread leak", ["never joined"]),
    "lock_order": ("lock-order-inversion (potential deadlock)", ["Lock cycle:", "lock_order.cpp:"]),
    "signal_unsafe": ("signal-unsafe call inside of a signal", ["async-signal-safe"]),
    "locked_mutex_destroy": ("destroy of a locked mutex", ["locked_mutex_destroy.cpp:"]),
}


def t_explain_kind(kind, binary):
    report = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, TSAN_OPTIONS="halt_on_error=0 atexit_sleep_ms=0")).stdout
    title, needles = EXPECT_KIND[kind]
    expect("WARNING: ThreadSanitizer: " + title in report, "the program did not report " + title, report)
    p = run([RACELAB, "explain", "-"], stdin=report, check_rc=0)
    contains(p.stdout, "== 1. " + title, "What happened:", "The cure:", "SUMMARY: ThreadSanitizer: ", *needles)
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
        f.write(report)
    try:
        p2 = run([RACELAB, "explain", f.name], check_rc=0)
        expect(p2.stdout == p.stdout, "a file and stdin give the same explanation")
    finally:
        os.unlink(f.name)


def t_explain_damaged():
    report = subprocess.run([os.path.join(BUILD, "libexec/racelab/sample-03-context-in-detached-thread-racy")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, TSAN_OPTIONS="halt_on_error=0 atexit_sleep_ms=0")).stdout
    lines = report.splitlines()
    # Truncated: the first report cut before its SUMMARY.
    first_summary = next(i for i, l in enumerate(lines) if l.startswith("SUMMARY:"))
    cut = "\n".join(lines[:first_summary - 3]) + "\n"
    p = run([RACELAB, "explain", "-"], stdin=cut, check_rc=0)
    contains(p.stdout, "== 1. data race", "note: report 1 (data race) is truncated")
    # Interleaved: program output inside a report.
    mixed = lines[:5] + ["GET /orders/bob 200 (a line of the program's own log)"] + lines[5:]
    p = run([RACELAB, "explain", "-"], stdin="\n".join(mixed) + "\n", check_rc=0)
    contains(p.stdout, "Output of the program interleaved with this report:",
             "  | GET /orders/bob 200", "interleaved line(s) of other output")
    # Garbage and empty input.
    p = run([RACELAB, "explain", "-"], stdin="\x01\x02 not a report\n", check_rc=0)
    contains(p.stdout, "No ThreadSanitizer report in the input.")
    p = run([RACELAB, "explain", "-"], stdin="", check_rc=0)
    contains(p.stdout, "No ThreadSanitizer report in the input.")
    # An unknown kind is passed through untouched.
    unknown = ("==================\nWARNING: ThreadSanitizer: some future kind (pid=1)\n"
               "  Something at 0x1234 by thread T1:\n    #0 f /tmp/x.cpp:3 (x+0x1)\n\n"
               "SUMMARY: ThreadSanitizer: some future kind /tmp/x.cpp:3 in f\n==================\n")
    p = run([RACELAB, "explain", "-"], stdin=unknown, check_rc=0)
    contains(p.stdout, "racelab does not know this kind of report",
             "WARNING: ThreadSanitizer: some future kind (pid=1)",
             "  Something at 0x1234 by thread T1:", "    #0 f /tmp/x.cpp:3 (x+0x1)")
    p = run([RACELAB, "explain", "/nonexistent/log"], check_rc=2)
    contains(p.stderr, "cannot read /nonexistent/log")


def sample(path):
    return os.path.join(SOURCE, "samples", path)


LINT_ARGS = ["--extra-arg=-std=c++20", "--extra-arg=-I" + os.path.join(SOURCE, "mini-framework/include"),
             "--extra-arg=-I" + sample("common")]


def t_lint_text():
    p = run([RACELAB, "lint", sample("03-context-in-detached-thread/racy.cpp")] + LINT_ARGS, check_rc=1)
    contains(p.stdout, "racy.cpp:34:19: warning: original context 'c' captured by reference",
             "[racelab-context-escape]", "note: the thread is detached here", "1 finding in 1 file")
    contains(p.stderr, "[1/1]")
    p = run([RACELAB, "lint", sample("03-context-in-detached-thread/fixed.cpp")] + LINT_ARGS, check_rc=0)
    contains(p.stdout, "0 findings in 1 file")
    p = run([RACELAB, "lint", "--exit-zero", sample("01-lost-update/racy.cpp")] + LINT_ARGS, check_rc=0)
    contains(p.stdout, "racelab-unsynchronized-shared-write")
    # A directory: every sample at once, in parallel.
    p = run([RACELAB, "lint", "-j", "2", sample("")] + LINT_ARGS, check_rc=1)
    for check in plugin_checks():
        contains(p.stdout, check)
    expect(not re.search(r"fixed[-\w]*\.cpp:\d+:\d+: warning", p.stdout), "no finding in a fixed twin", p.stdout)


def t_lint_json():
    tmp = tempfile.mkdtemp()
    try:
        out = os.path.join(tmp, "r.json")
        run([RACELAB, "lint", "--format", "json", "-o", out, sample("07-string-view-alias/racy.cpp")] + LINT_ARGS,
            check_rc=1)
        j = json.load(open(out))
        expect(j["files"] == 1 and len(j["findings"]) == 1, "one finding", json.dumps(j))
        f = j["findings"][0]
        expect(f["check"] == "racelab-context-view-escape" and f["line"] == 32, "the view finding", json.dumps(f))
        expect(f["fixes"] and f["fixes"][0]["text"] == "uid = std::string(uid)", "its fix-it", json.dumps(f))
        expect(f["notes"][0]["message"] == "the thread is detached here", "its note", json.dumps(f))
    finally:
        shutil.rmtree(tmp)


def t_lint_sarif():
    p = run([RACELAB, "lint", "--format", "sarif", "--source-root", SOURCE,
             "--docs-url", "https://example.invalid/racelab/docs",
             sample("03-context-in-detached-thread/racy.cpp"), sample("02-atomic-split-update/racy.cpp")] + LINT_ARGS,
            check_rc=1)
    s = json.loads(p.stdout)
    # The structure GitHub code scanning requires of SARIF 2.1.0.
    expect(s["version"] == "2.1.0" and "sarif-2.1.0" in s["$schema"], "version and schema")
    expect(isinstance(s["runs"], list) and len(s["runs"]) == 1, "one run")
    run0 = s["runs"][0]
    driver = run0["tool"]["driver"]
    expect(driver["name"] == "racelab" and driver["version"], "driver")
    ids = [r["id"] for r in driver["rules"]]
    expect(len(ids) == len(set(ids)) and set(ids) == set(plugin_checks()), "rules", str(ids))
    for r in driver["rules"]:
        expect(r["shortDescription"]["text"] and r["help"]["text"], "rule texts")
        expect(r["name"] and r["name"] != r["id"], "SARIF1001: a rule's name differs from its id")
        expect(r["helpUri"] == "https://example.invalid/racelab/docs/checks/%s.md" % r["id"], "helpUri")
        expect(os.path.exists(os.path.join(SOURCE, "docs/checks/%s.md" % r["id"])), "the doc page exists")
    results = run0["results"]
    expect(len(results) == 2, "two results", json.dumps(results, indent=1))
    for r in results:
        expect(r["ruleId"] in ids and ids[r["ruleIndex"]] == r["ruleId"], "ruleId/ruleIndex")
        expect(r["level"] in ("warning", "error", "note", "none"), "level")
        expect(r["message"]["text"], "message")
        loc = r["locations"][0]["physicalLocation"]
        expect(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%", "relative to %SRCROOT%")
        expect(loc["artifactLocation"]["uri"].startswith("samples/"), "relative uri", loc["artifactLocation"]["uri"])
        expect(loc["region"]["startLine"] > 0 and loc["region"]["startColumn"] > 0, "region")
    by_rule = {r["ruleId"]: r for r in results}
    esc = by_rule["racelab-context-escape"]
    expect(esc["relatedLocations"][0]["message"]["text"] == "the thread is detached here", "note as related location")
    split = by_rule["racelab-atomic-split-update"]
    rep = split["fixes"][0]["artifactChanges"][0]["replacements"][0]
    expect(rep["insertedContent"]["text"] == "n += 1", "fix as SARIF fix", json.dumps(split))
    region = rep["deletedRegion"]
    expect(region["startLine"] == 28 and region["endLine"] == 28, "fix region", json.dumps(region))
    expect(run0["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///"), "SRCROOT base")


def t_lint_codequality():
    args = [RACELAB, "lint", "--format", "codequality", "--source-root", SOURCE,
            sample("03-context-in-detached-thread/racy.cpp"), sample("01-lost-update/racy.cpp"),
            sample("03-context-in-detached-thread/fixed.cpp")] + LINT_ARGS
    p = run(args, check_rc=1)
    issues = json.loads(p.stdout)
    expect(isinstance(issues, list) and len(issues) == 2, "two issues", p.stdout)
    for i in issues:
        expect(set(i) == {"description", "check_name", "fingerprint", "severity", "location"}, "fields", json.dumps(i))
        expect(i["check_name"].startswith("racelab-") and i["description"], "check and description", json.dumps(i))
        expect(i["severity"] in ("info", "minor", "major", "critical", "blocker"), "severity", json.dumps(i))
        expect(i["location"]["path"].startswith("samples/") and isinstance(i["location"]["lines"]["begin"], int),
               "relative path and line", json.dumps(i))
        expect(re.match(r"^[0-9a-f]{32}$", i["fingerprint"]), "fingerprint", json.dumps(i))
    by_check = {i["check_name"]: i for i in issues}
    esc = by_check["racelab-context-escape"]
    expect(esc["location"] == {"path": "samples/03-context-in-detached-thread/racy.cpp", "lines": {"begin": 34}},
           "the escape's place", json.dumps(esc))
    expect(len({i["fingerprint"] for i in issues}) == 2, "distinct fingerprints")
    again = json.loads(run(args, check_rc=1).stdout)
    expect([i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues], "stable fingerprints")
    p = run([RACELAB, "lint", "--format", "codequality", sample("03-context-in-detached-thread/fixed.cpp")] + LINT_ARGS,
            check_rc=0)
    expect(json.loads(p.stdout) == [], "no finding: an empty array", p.stdout)


def t_lint_frameworks():
    # A directory of handlers for a framework racelab has a profile for, with no .clang-tidy
    # anywhere above it: the findings are exactly the corpus's BUG markers (known misses and
    # known false alarms as the corpus marks them).
    field = os.path.join(SOURCE, "tests/field")
    for framework in ("cpp-httplib", "crow", "drogon", "wfrest"):
        with tempfile.TemporaryDirectory() as tmp:
            handlers = os.path.join(tmp, framework)
            shutil.copytree(os.path.join(field, framework), handlers)
            flags = open(os.path.join(handlers, "FLAGS")).read().replace(
                "%S/../mocks", os.path.join(field, "mocks")).split()
            expected = set()
            for name in os.listdir(handlers):
                if not name.endswith(".cpp"):
                    continue
                for number, line in enumerate(open(os.path.join(handlers, name)), 1):
                    m = re.search(r"//\s*(BUG|FALSE-ALARM\(known\)):\s*(racelab-[a-z-]+(?:,\s*racelab-[a-z-]+)*)", line)
                    if m:
                        expected |= {(name, number, c.strip()) for c in m.group(2).split(",")}
            p = run([RACELAB, "lint", "--format", "json", "--exit-zero", handlers]
                    + ["--extra-arg=" + f for f in flags], cwd=tmp, check_rc=0)
            j = json.loads(p.stdout)
            found = {(os.path.basename(f["file"]), f["line"], f["check"]) for f in j["findings"]}
            expect(j["errors"] == [], framework + ": no tool error", json.dumps(j["errors"]))
            expect(len(expected) >= 5, framework + ": the corpus has bugs to find", str(expected))
            expect(found == expected, framework + ": findings at exactly the BUG markers",
                   "missed %s, unexpected %s" % (sorted(expected - found), sorted(found - expected)))


def t_lint_database():
    # The project's own compile database: samples are part of it.
    p = run([RACELAB, "lint", "-p", BUILD, sample("05-keys-map/racy.cpp")], check_rc=1)
    contains(p.stdout, "racy.cpp:31:", "[racelab-context-escape]")


def t_lint_errors():
    target = sample("01-lost-update/racy.cpp")
    p = run([RACELAB, "lint", target], env={"RACELAB_PLUGIN": "/nonexistent/libRacelabTidy.so"}, check_rc=2)
    contains(p.stderr, "the racelab plugin was not found at /nonexistent/libRacelabTidy.so")
    tmp = tempfile.mkdtemp()
    try:
        fake = fake_clang_tidy(tmp, 13)
        p = run([RACELAB, "lint", target], env={"RACELAB_CLANG_TIDY": fake}, check_rc=2)
        contains(p.stderr, fake + " is LLVM 13 and there is no racelab plugin for LLVM 13")
        p = run([RACELAB, "lint", target], env={"RACELAB_PLUGIN": os.path.join(BUILD, "lib/libRacelabTidy.so"),
                                                "RACELAB_CLANG_TIDY": fake}, check_rc=2)
        contains(p.stderr, "is LLVM 13, but RACELAB_PLUGIN",
                 "a plugin only loads into the clang-tidy of its own major")
        p = run([RACELAB, "lint", "-p", tmp, target], check_rc=2)
        contains(p.stderr, "no compile database at " + tmp + "/compile_commands.json")
        unreadable = os.path.join(tmp, "secret.cpp")
        open(unreadable, "w").write("int x;\n")
        os.chmod(unreadable, 0)
        if os.geteuid() != 0:  # root reads anything: then only the missing file is tested
            p = run([RACELAB, "lint", unreadable], check_rc=2)
            contains(p.stderr, "cannot read " + unreadable)
        p = run([RACELAB, "lint", os.path.join(tmp, "missing.cpp")], check_rc=2)
        contains(p.stderr, "cannot read " + os.path.join(tmp, "missing.cpp"))
        broken = os.path.join(tmp, "broken.cpp")
        open(broken, "w").write("int main( {\n")
        p = run([RACELAB, "lint", broken], check_rc=2)
        contains(p.stderr, "clang-tidy could not compile " + broken)
        p = run([RACELAB, "lint"], check_rc=2)
        contains(p.stderr, "nothing to lint")
        # A clang-tidy that dies from a signal (a crashing plugin) is an error, not "0 findings".
        crashing = fake_clang_tidy(tmp, primary_major())
        open(crashing, "a").write('case "$1" in --version) exit 0;; esac\n'
                                  'echo "Stack dump: in racelab-context-escape"\nkill -SEGV $$\n')
        fine = os.path.join(tmp, "fine.cpp")
        open(fine, "w").write("int f() { return 1; }\n")
        p = run([RACELAB, "lint", "--clang-tidy", crashing, fine] + LINT_ARGS, check_rc=2)
        contains(p.stderr, "clang-tidy crashed (signal 11) on " + fine, "Stack dump: in racelab-context-escape")
    finally:
        shutil.rmtree(tmp)


def fake_clang_tidy(directory, major):
    """A clang-tidy that only says which LLVM it is."""
    fake = os.path.join(directory, "clang-tidy-%d" % major)
    open(fake, "w").write("#!/bin/sh\necho 'Debian LLVM version %d.0.1'\n" % major)
    os.chmod(fake, 0o755)
    return fake


def primary_major():
    p = run([os.environ["CLANG_TIDY"], "--version"], check_rc=0)
    return int(re.search(r"LLVM version (\d+)\.", p.stdout).group(1))


def finding_keys(j):
    return sorted((f["file"], f["line"], f["column"], f["check"], f["message"]) for f in j["findings"])


def t_lint_plugin_choice():
    primary = primary_major()
    p = run([RACELAB, "--version"], check_rc=0)
    contains(p.stdout, "(plugin for LLVM %d)" % primary)
    targets = [sample("03-context-in-detached-thread/racy.cpp"), sample("01-lost-update/racy.cpp"),
               sample("07-string-view-alias/racy.cpp")]
    p = run([RACELAB, "lint", "--format", "json", "--clang-tidy", os.environ["CLANG_TIDY"]] + targets + LINT_ARGS,
            check_rc=1)
    want = finding_keys(json.loads(p.stdout))
    expect(len(want) == 3, "three findings with LLVM %d" % primary, p.stdout)
    others = [m for m in range(10, 31) if m != primary and shutil.which("clang-tidy-%d" % m)]
    with_plugin = [m for m in others if os.path.exists(os.path.join(BUILD, "lib/llvm-%d/libRacelabTidy.so" % m))]
    for m in with_plugin:  # each other major the build has: its own plugin, the same findings
        ct = shutil.which("clang-tidy-%d" % m)
        p = run([RACELAB, "lint", "--format", "json", "--clang-tidy", ct] + targets + LINT_ARGS, check_rc=1)
        contains(p.stderr, "racelab lint: %s (LLVM %d) with %s" % (ct, m, os.path.join(BUILD, "lib/llvm-%d/libRacelabTidy.so" % m)))
        expect(finding_keys(json.loads(p.stdout)) == want, "LLVM %d finds what LLVM %d finds" % (m, primary), p.stdout)
    tmp = tempfile.mkdtemp()
    try:
        without = [shutil.which("clang-tidy-%d" % m) for m in others if m not in with_plugin]
        for ct in without + [fake_clang_tidy(tmp, 13)]:  # a clang-tidy with no plugin: one line, exit 2
            m = int(re.search(r"(\d+)$", ct).group(1))
            p = run([RACELAB, "lint", "--clang-tidy", ct, targets[0]] + LINT_ARGS, check_rc=2)
            expect(p.stderr.count("\n") == 1, "one line", p.stderr)
            contains(p.stderr, "racelab lint: %s is LLVM %d and there is no racelab plugin for LLVM %d (looked in " % (ct, m, m),
                     "build it with -DRACELAB_LLVM_VERSIONS=%d or install clang-tidy-%d" % (m, primary))
        print("majors with a plugin here: %s; without: %s" % (with_plugin, without))
        # No choice made: a clang-tidy without plugin first on PATH is passed over.
        p = run([RACELAB, "lint", targets[0]] + LINT_ARGS, env={"PATH": tmp + ":" + os.environ["PATH"]}, check_rc=1)
        expect("LLVM 13" not in p.stderr, "the fake clang-tidy-13 is not chosen", p.stderr)
        shutil.copy(os.path.join(tmp, "clang-tidy-13"), os.path.join(tmp, "clang-tidy"))
        p = run([RACELAB, "lint", targets[0]] + LINT_ARGS, env={"PATH": tmp + ":" + os.environ["PATH"]}, check_rc=1)
        contains(p.stderr, "(LLVM %d) with" % primary)
    finally:
        shutil.rmtree(tmp)


def t_doctor():
    p = run([RACELAB, "doctor"], check_rc=0)
    lines = p.stdout.splitlines()
    for l in lines[:-1]:
        expect(re.match(r"^(ok|note|problem) +\S[^:]*: ", l), "status and item: " + l, p.stdout)
        expect(not l.startswith("problem"), "no problem on this machine", p.stdout)
    contains(p.stdout, "ok       racelab lint: ", "ok       ThreadSanitizer: ", "vm.mmap_rnd_bits: ",
             "kernel.randomize_va_space: ", "ok       samples: 10 lessons", "ok       sample programs: ",
             "ok       docs: ", "plugin for LLVM %d: " % primary_major(), "Ready: racelab tour can run here.")
    for l in lines:
        if l.startswith(("note", "problem")):
            expect("; fix: " in l, "a fix for each note and problem", l)
    p = run([RACELAB, "doctor"], env={"RACELAB_PLUGIN": "/nonexistent/libRacelabTidy.so"}, check_rc=1)
    contains(p.stdout, "problem  racelab lint: the racelab plugin was not found at /nonexistent/libRacelabTidy.so; fix: ",
             "1 problem: racelab tour needs them fixed.")


def workshop_sources():
    """The exercises' and solutions' sources: each has a TSan build in build/workshop/."""
    out = []
    for kind in ("exercises", "solutions"):
        root = os.path.join(SOURCE, "docs/workshop", kind)
        for d in sorted(os.listdir(root)):
            out += ["workshop-%s-%s-%s" % (kind, d, f[:-4]) for f in sorted(os.listdir(os.path.join(root, d)))
                    if f.endswith(".cpp")]
    return out


def fake_compiler(directory, program_body):
    """A stand-in for clang++: --version answers; otherwise it writes, at -o's path, a program
    whose body is `program_body` (shell), as a compiler would write the binary."""
    path = os.path.join(directory, "fake-clang++")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'fake clang version 19.1.7'; exit 0; fi\n"
                "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then out=$2; fi; shift; done\n"
                "printf '#!/bin/sh\\n%s\\n' '" + program_body + "' > \"$out\"\nchmod +x \"$out\"\n")
    os.chmod(path, 0o755)
    return path


def t_doctor_workshop():
    p = run([RACELAB, "doctor", "--workshop"], check_rc=0)
    lines = p.stdout.splitlines()
    items = [re.match(r"^(ok|note|problem) +([^:]+): ", l) for l in lines[:-1]]
    expect(all(items), "one status line per item", p.stdout)
    # Exactly the 09:00 items, in this order: not the machine-wide list of plain doctor.
    expect([m.group(2) for m in items] == ["toolchain", "ThreadSanitizer", "kernel.randomize_va_space",
                                           "vm.mmap_rnd_bits", "racelab lint", "samples", "sample programs",
                                           "workshop exercises"], "the workshop items", p.stdout)
    expect(lines[-1] == "Ready for the workshop.", "ready", p.stdout)
    n = len(workshop_sources())
    contains(p.stdout, "ok       ThreadSanitizer: a racy probe built with ", "reported its data race",
             "ok       racelab lint: ", "ok       sample programs: 21 of 21 ",
             "ok       workshop exercises: %d of %d built with ThreadSanitizer in " % (n, n))
    with open(os.path.join(BUILD, "CMakeCache.txt")) as f:
        cxx = re.search(r"^CMAKE_CXX_COMPILER:[A-Z]+=(.*)$", f.read(), re.M).group(1)
    contains(p.stdout, "ok       toolchain: %s (" % cxx)

    tmp = tempfile.mkdtemp()
    try:
        # No compiler: both the toolchain and the probe are problems, with the packages to install.
        p = run([RACELAB, "doctor", "--workshop"], env={"RACELAB_CXX": "/nonexistent/clang++"}, check_rc=1)
        contains(p.stdout, "problem  toolchain: /nonexistent/clang++ does not run; fix: sudo apt-get install clang-",
                 "problem  ThreadSanitizer: not tried: no compiler", "2 problems to fix before the workshop.")
        # The runtime cannot start: the mapping failure names setarch -R and the sysctl.
        cxx = fake_compiler(tmp, "echo FATAL: ThreadSanitizer: unexpected memory mapping 0x7b0000000000-0x7b0000001000 >&2; exit 66")
        p = run([RACELAB, "doctor", "--workshop"], env={"RACELAB_CXX": cxx}, check_rc=1)
        contains(p.stdout, "ok       toolchain: %s (fake clang version 19.1.7)" % cxx,
                 "problem  ThreadSanitizer: a racy probe exited 66 without a report: FATAL: ThreadSanitizer: "
                 "unexpected memory mapping", "; fix: sudo sysctl vm.mmap_rnd_bits=28, or run under setarch -R")
        # A program that runs but reports nothing is not ThreadSanitizer working.
        cxx = fake_compiler(tmp, "echo shared = 2; exit 0")
        p = run([RACELAB, "doctor", "--workshop"], env={"RACELAB_CXX": cxx}, check_rc=1)
        contains(p.stdout, "problem  ThreadSanitizer: a racy probe exited 0 without a report; fix: ",
                 "1 problem to fix before the workshop.")
        # A compiler that cannot link ThreadSanitizer's runtime: the package that has it.
        bad = os.path.join(tmp, "no-tsan-clang++")
        with open(bad, "w") as f:
            f.write("#!/bin/sh\n[ \"$1\" = --version ] && { echo 'fake clang version 19'; exit 0; }\n"
                    "echo \"/usr/bin/ld: cannot find /usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.tsan-x86_64.a\" >&2; exit 1\n")
        os.chmod(bad, 0o755)
        p = run([RACELAB, "doctor", "--workshop"], env={"RACELAB_CXX": bad}, check_rc=1)
        contains(p.stdout, "problem  ThreadSanitizer: cannot build a program with %s -fsanitize=thread: " % bad,
                 "cannot find", "; fix: sudo apt-get install libclang-rt-")
        # The plugin that does not load is named, as in plain doctor.
        p = run([RACELAB, "doctor", "--workshop"], env={"RACELAB_PLUGIN": "/nonexistent/libRacelabTidy.so"},
                check_rc=1)
        contains(p.stdout, "problem  racelab lint: the racelab plugin was not found at /nonexistent/libRacelabTidy.so",
                 "1 problem to fix before the workshop.")
    finally:
        shutil.rmtree(tmp)


def write_project(root, sources, includes=()):
    """A scratch project: the sources (name -> text) and a compile database in root/build."""
    os.makedirs(os.path.join(root, "build"), exist_ok=True)
    for name, text in sources.items():
        open(os.path.join(root, name), "w").write(text)
    flags = " ".join("-I" + i for i in includes)
    db = [{"directory": root, "file": name,
           "command": "clang++-19 -std=c++20 %s -o build/%s.o -c %s" % (flags, name, name)}
          for name in sources if name.endswith(".cpp")]
    json.dump(db, open(os.path.join(root, "build/compile_commands.json"), "w"), indent=1)


SHARED_HEADER = """#pragma once
#include <thread>
inline int hits = 0;
inline void bump() {
  std::thread t([] { hits++; });
  std::thread u([] { hits++; });
  t.join();
  u.join();
}
"""


def sarif_keys(s):
    return sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                   r["locations"][0]["physicalLocation"]["region"]["startLine"],
                   r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["message"]["text"])
                  for r in s["runs"][0]["results"])


def t_lint_shard():
    tmp = tempfile.mkdtemp()
    try:
        sources = {"shared.h": SHARED_HEADER, ".clang-tidy": "HeaderFilterRegex: '.*'\n"}
        for i, name in enumerate(["01-lost-update/racy.cpp", "02-atomic-split-update/racy.cpp",
                                  "03-context-in-detached-thread/racy.cpp", "03-context-in-detached-thread/fixed.cpp",
                                  "05-keys-map/racy.cpp", "07-string-view-alias/racy.cpp"]):
            sources["tu%d.cpp" % i] = open(sample(name)).read()
        sources["uses_header_a.cpp"] = '#include "shared.h"\nvoid a() { bump(); }\n'
        sources["uses_header_b.cpp"] = '#include "shared.h"\nvoid b() { bump(); }\n'
        write_project(tmp, sources, [os.path.join(SOURCE, "mini-framework/include"), sample("common")])
        build = os.path.join(tmp, "build")
        every = sorted(os.path.join(tmp, n) for n in sources if n.endswith(".cpp"))
        p = run([RACELAB, "lint", "-p", build, "--format", "json"], cwd=tmp, check_rc=1)
        j = json.loads(p.stdout)
        expect(j["files"] == len(every) and sorted(j["linted"]) == every, "the unsharded run lints every TU", p.stdout)
        seen = []
        for k in (1, 2, 3):
            p = run([RACELAB, "lint", "-p", build, "--shard", "%d/3" % k, "--format", "json", "--exit-zero"],
                    cwd=tmp, check_rc=0)
            part = json.loads(p.stdout)["linted"]
            expect(part, "shard %d/3 is not empty" % k, p.stdout)
            p2 = run([RACELAB, "lint", "-p", build, "--shard", "%d/3" % k, "--format", "json", "--exit-zero"],
                     cwd=tmp, check_rc=0)
            expect(json.loads(p2.stdout)["linted"] == part, "shard %d/3 is the same on every run" % k)
            seen += part
        expect(sorted(seen) == every, "every TU in exactly one shard", "\n".join(sorted(seen)))
        # Each shard's SARIF, merged, is the unsharded run's SARIF.
        full = os.path.join(tmp, "full.sarif")
        run([RACELAB, "lint", "-p", build, "--format", "sarif", "-o", full, "--exit-zero"], cwd=tmp, check_rc=0)
        parts = [os.path.join(tmp, "shard%d.sarif" % k) for k in (1, 2, 3)]
        for k, out in enumerate(parts, 1):
            run([RACELAB, "lint", "-p", build, "--shard", "%d/3" % k, "--format", "sarif", "-o", out,
                 "--exit-zero"], cwd=tmp, check_rc=0)
        merged = os.path.join(tmp, "merged.sarif")
        run([RACELAB, "sarif-merge", "-o", merged] + parts, check_rc=0)
        s, f = json.load(open(merged)), json.load(open(full))
        expect(s["version"] == "2.1.0" and "sarif-2.1.0" in s["$schema"] and len(s["runs"]) == 1, "SARIF 2.1.0, one run")
        ids = [r["id"] for r in s["runs"][0]["tool"]["driver"]["rules"]]
        expect(len(ids) == len(set(ids)) and set(ids) == set(plugin_checks()), "rules once each", str(ids))
        for r in s["runs"][0]["results"]:
            expect(ids[r["ruleIndex"]] == r["ruleId"], "ruleIndex points at its rule", json.dumps(r))
        keys = sarif_keys(s)
        expect(len(keys) == len(set(keys)), "no duplicate result", json.dumps(keys, indent=1))
        expect(keys == sarif_keys(f), "the merged shards have the unsharded run's results",
               json.dumps([keys, sarif_keys(f)], indent=1))
        expect(any(k[1] == "shared.h" for k in keys), "the shared header's finding is there once", json.dumps(keys))
        expect(s["runs"][0]["originalUriBaseIds"] == f["runs"][0]["originalUriBaseIds"], "the same %SRCROOT%")
        p = run([RACELAB, "sarif-merge", parts[0], parts[0]], check_rc=0)
        expect(sarif_keys(json.loads(p.stdout)) == sarif_keys(json.load(open(parts[0]))), "a log merged with itself")
        p = run([RACELAB, "lint", "-p", build, "--shard", "4/3"], cwd=tmp, check_rc=2)
        contains(p.stderr, "--shard 4/3: K must be between 1 and N")
        p = run([RACELAB, "sarif-merge", os.path.join(tmp, "build/compile_commands.json")], check_rc=2)
        contains(p.stderr, "is not a SARIF 2.1.0 log")
    finally:
        shutil.rmtree(tmp)


def git(repo, *args):
    run(["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid"] + list(args), check_rc=0)


def t_lint_changed():
    tmp = tempfile.mkdtemp()
    try:
        sources = {"common.h": "#pragma once\ninline int common() { return 1; }\n",
                   "a.cpp": '#include "common.h"\nint a() { return common(); }\n',
                   "b.cpp": '#include "common.h"\nint b() { return common() + 1; }\n',
                   "c.cpp": "int c() { return 3; }\n", ".gitignore": "build/\n"}
        write_project(tmp, sources)
        build = os.path.join(tmp, "build")
        git(tmp, "init", "-q")
        git(tmp, "add", ".")
        git(tmp, "commit", "-q", "-m", "one")

        def linted(rev):
            p = run([RACELAB, "lint", "-p", build, "--changed-since", rev, "--format", "json"], cwd=tmp, check_rc=0)
            return sorted(os.path.basename(f) for f in json.loads(p.stdout)["linted"])

        expect(linted("HEAD") == [], "nothing changed, nothing linted")
        open(os.path.join(tmp, "common.h"), "a").write("inline int more() { return 2; }\n")
        expect(linted("HEAD") == ["a.cpp", "b.cpp"], "an uncommitted header change: its includers")
        git(tmp, "commit", "-q", "-am", "two")
        expect(linted("HEAD~1") == ["a.cpp", "b.cpp"], "a committed header change: its includers")
        expect(linted("HEAD") == [], "since HEAD: nothing")
        open(os.path.join(tmp, "c.cpp"), "a").write("int c2() { return 4; }\n")
        expect(linted("HEAD") == ["c.cpp"], "a changed source: itself")
        expect(linted("HEAD~1") == ["a.cpp", "b.cpp", "c.cpp"], "both changes")
        # Files given with -p, as pre-commit passes the staged ones: a file of the database is
        # linted, a header stands for the database's files that include it, another file is skipped.
        open(os.path.join(tmp, "tool.cpp"), "w").write("int tool() { return 5; }\n")

        def given(*names):
            p = run([RACELAB, "lint", "-p", build, "--format", "json"] + list(names), cwd=tmp, check_rc=0)
            return sorted(os.path.basename(f) for f in json.loads(p.stdout)["linted"]), p.stderr

        expect(given("c.cpp")[0] == ["c.cpp"], "a file of the database: itself")
        linted, err = given("common.h")
        expect(linted == ["a.cpp", "b.cpp"], "a header: its includers", err)
        contains(err, "common.h is not in " + build + "/compile_commands.json: linting its 2 files that include it")
        linted, err = given("tool.cpp")
        expect(linted == [], "a file outside the database: nothing", err)
        contains(err, "tool.cpp is not in " + build + "/compile_commands.json: none of its files includes it, skipped")
        expect(given("c.cpp", "common.h", "tool.cpp")[0] == ["a.cpp", "b.cpp", "c.cpp"], "all three")
        p = run([RACELAB, "lint", "--changed-since", "HEAD", os.path.join(tmp, "c.cpp")], cwd=tmp, check_rc=2)
        contains(p.stderr, "--changed-since needs -p BUILD_DIR")
        p = run([RACELAB, "lint", "-p", build, "--changed-since", "no-such-rev"], cwd=tmp, check_rc=2)
        contains(p.stderr, "git -C", "diff --name-only no-such-rev -- failed")
    finally:
        shutil.rmtree(tmp)


def t_tour():
    p = run([RACELAB, "tour", "--sample", "03"], check_rc=0)
    contains(p.stdout, "03 racy", "race between racy.cpp:36 and racy.cpp:40",
             "racelab-context-escape at racy.cpp:34", "2 of 2 programs behaved as the course says")
    contains(p.stderr, "[03] context-in-detached-thread")
    # The notes under the table end with each program's reports grouped, as `run` ends.
    notes = p.stdout.split("\n")[-3:-1]
    expect(len(notes) == 2 and re.match(r"^  03 racy: \d+ reports, 1 distinct problem: "
                                        r"racy\.cpp:36 \u2194 racy\.cpp:40$", notes[0]) and
           notes[1] == "2 of 2 programs behaved as the course says", "tour 03's notes", p.stdout)
    p = run([RACELAB, "tour", "--json", "-j", "2"], check_rc=0)
    rows = json.loads(p.stdout)
    expect(len(rows) == 21 and all(r["ok"] for r in rows), "21 programs as expected", p.stdout)
    expect(all(bool(r["summary"]) == (r["tsan"] != "clean") for r in rows),
           "a summary for each program that reported", p.stdout)
    silent = [r for r in rows if r["sample"] == "02" and r["variant"] == "racy"][0]
    expect(silent["tsan"] == "clean" and silent["linter"].startswith("racelab-atomic-split-update"),
           "lesson 2: TSan silent, the linter finds it", json.dumps(silent))
    blind = [r for r in rows if r["sample"] == "10" and r["variant"] == "racy"][0]
    expect(blind["tsan"].startswith("race between") and blind["linter"] == "clean",
           "lesson 10: TSan finds it, the linter cannot", json.dumps(blind))
    # A broken expectation is reported, and fails the tour.
    tmp = tempfile.mkdtemp()
    try:
        shutil.copytree(sample(""), os.path.join(tmp, "samples"))
        src = os.path.join(tmp, "samples/01-lost-update/racy.cpp")
        text = open(src).read().replace("LINT: racelab-unsynchronized-shared-write@33",
                                        "LINT: racelab-unsynchronized-shared-write@30")
        open(src, "w").write(text)
        p = run([RACELAB, "tour", "--sample", "01"], env={"RACELAB_SAMPLES": os.path.join(tmp, "samples")},
                check_rc=1)
        contains(p.stdout, "linter findings differ from the LINT lines", "2 of 3 programs")
    finally:
        shutil.rmtree(tmp)
    p = run([RACELAB, "tour", "--sample", "42"], check_rc=2)


def t_install():
    tmp = tempfile.mkdtemp(prefix="racelab-install-")
    try:
        prefix = os.path.join(tmp, "prefix")
        run(["cmake", "--install", BUILD, "--prefix", prefix], check_rc=0)
        for f in ["bin/racelab", "bin/minigin-hello", "lib/libRacelabTidy.so", "lib/libminigin.a",
                  "include/minigin/minigin.h", "lib/cmake/minigin/minigin-config.cmake",
                  "libexec/racelab/sample-03-context-in-detached-thread-racy",
                  "share/racelab/samples/03-context-in-detached-thread/racy.cpp",
                  "share/racelab/samples/03-context-in-detached-thread/lesson.json",
                  "share/doc/racelab/checks/racelab-context-escape.md"]:
            expect(os.path.exists(os.path.join(prefix, f)), "installed " + f)
        # The installed racelab finds everything relative to itself.
        env = {"PATH": os.environ["PATH"]}
        racelab = os.path.join(prefix, "bin/racelab")
        p = run([racelab, "tour", "--sample", "03"], check_rc=0)
        contains(p.stdout, "2 of 2 programs behaved as the course says")
        p = run([racelab, "run", "07"], check_rc=0)
        contains(p.stdout, '> 34 |       job_read.set_value(std::string(uid));')
        # find_package(minigin) from another project.
        proj = os.path.join(tmp, "consumer")
        os.makedirs(proj)
        open(os.path.join(proj, "CMakeLists.txt"), "w").write(
            "cmake_minimum_required(VERSION 3.25)\nproject(consumer CXX)\n"
            "set(CMAKE_CXX_STANDARD 20)\nfind_package(minigin 0.1 REQUIRED)\n"
            "add_executable(consumer main.cpp)\ntarget_link_libraries(consumer PRIVATE minigin::minigin)\n")
        open(os.path.join(proj, "main.cpp"), "w").write(
            "#include <minigin/minigin.h>\n#include <cstdio>\n"
            "int main() {\n  minigin::Engine e;\n"
            "  e.get(\"/hi/:name\", [](minigin::Context& c) { c.string(200, \"hi \" + std::string(c.param(\"name\"))); });\n"
            "  auto r = e.handle(minigin::Request(\"GET\", \"/hi/installed\"));\n"
            "  std::printf(\"%d %s\\n\", r.status, r.body.c_str());\n  return r.status == 200 ? 0 : 1;\n}\n")
        run(["cmake", "-S", proj, "-B", os.path.join(proj, "build"), "-G", "Ninja",
             "-DCMAKE_CXX_COMPILER=clang++-19", "-DCMAKE_PREFIX_PATH=" + prefix], check_rc=0)
        run(["cmake", "--build", os.path.join(proj, "build")], check_rc=0)
        p = run([os.path.join(proj, "build", "consumer")], check_rc=0)
        contains(p.stdout, "200 hi installed")
    finally:
        shutil.rmtree(tmp)


TESTS = {"version-help": t_version_help, "list": t_list, "run": t_run, "explain-kind": t_explain_kind,
         "explain-damaged": t_explain_damaged, "lint-text": t_lint_text, "lint-json": t_lint_json,
         "lint-sarif": t_lint_sarif, "lint-database": t_lint_database, "lint-errors": t_lint_errors,
         "tour": t_tour, "install": t_install, "lint-plugin-choice": t_lint_plugin_choice, "doctor": t_doctor,
         "doctor-workshop": t_doctor_workshop,
         "lint-shard": t_lint_shard, "lint-changed": t_lint_changed, "lint-codequality": t_lint_codequality,
         "lint-frameworks": t_lint_frameworks}

if __name__ == "__main__":
    TESTS[sys.argv[1]](*sys.argv[2:])
    print("ok: " + sys.argv[1])
