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
    contains(p.stdout, "tour", "run", "explain", "lint", "list")
    for cmd, opts in [("tour", ["--sample", "--json", "--jobs"]),
                      ("run", ["SAMPLE", "--fixed", "--raw"]),
                      ("explain", ["FILE"]),
                      ("lint", ["PATHS", "--build-dir", "--format", "--output", "--jobs", "--exit-zero"]),
                      ("list", [])]:
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
        fake = os.path.join(tmp, "clang-tidy-fake")
        open(fake, "w").write("#!/bin/sh\necho 'Debian LLVM version 14.0.6'\n")
        os.chmod(fake, 0o755)
        p = run([RACELAB, "lint", target], env={"RACELAB_CLANG_TIDY": fake}, check_rc=2)
        contains(p.stderr, "is LLVM 14, but the plugin was built for LLVM",
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
    finally:
        shutil.rmtree(tmp)


def t_tour():
    p = run([RACELAB, "tour", "--sample", "03"], check_rc=0)
    contains(p.stdout, "03 racy", "race between racy.cpp:36 and racy.cpp:40",
             "racelab-context-escape at racy.cpp:34", "2 of 2 programs behaved as the course says")
    contains(p.stderr, "[03] context-in-detached-thread")
    p = run([RACELAB, "tour", "--json", "-j", "2"], check_rc=0)
    rows = json.loads(p.stdout)
    expect(len(rows) == 21 and all(r["ok"] for r in rows), "21 programs as expected", p.stdout)
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
         "tour": t_tour, "install": t_install}

if __name__ == "__main__":
    TESTS[sys.argv[1]](*sys.argv[2:])
    print("ok: " + sys.argv[1])
