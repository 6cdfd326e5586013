#!/usr/bin/env python3
"""Tests of `racelab explain` on the corpus of real logs (label `cli`):

  explain_test.py corpus        every log in tsan_kinds/logs and go_kinds/logs names the lines
                                its program marks // USER-LINE, and nothing else of that file
  explain_test.py pasted        the same for every "as pasted" variant (tsan_kinds/pasted.py)
  explain_test.py run-summary   `racelab run 03` ends with the one-line summary of one problem
  explain_test.py formats       --format json, --full-stacks, unsymbolized frames, Go's shapes

Environment: RACELAB (the binary), SOURCE_DIR.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

RACELAB = os.environ["RACELAB"]
SOURCE = os.environ["SOURCE_DIR"]
KINDS = os.path.join(SOURCE, "tests/cli/tsan_kinds")
GO_KINDS = os.path.join(SOURCE, "tests/cli/go_kinds")
sys.path.insert(0, KINDS)
import pasted  # noqa: E402


def fail(msg, text=""):
    if text:
        print(text)
    sys.exit("error: " + msg)


def explain(args, stdin=None):
    p = subprocess.run([RACELAB, "explain"] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        fail("racelab explain %s: exit %d" % (" ".join(args), p.returncode), p.stdout + p.stderr)
    return p.stdout


def explain_bytes(data):
    p = subprocess.run([RACELAB, "explain", "--format", "json", "-"], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail("racelab explain: exit %d" % p.returncode, p.stderr.decode())
    return json.loads(p.stdout)


def source_of(log_path):
    """The program a log came from: data_race.clang.log -> data_race.cpp, gotest -> race_test.go."""
    name = os.path.basename(log_path).split(".")[0]
    for path in (os.path.join(KINDS, name + ".cpp"), os.path.join(GO_KINDS, name + ".go"),
                 os.path.join(GO_KINDS, name, "race_test.go")):
        if os.path.exists(path):
            return path
    fail("no program for " + log_path)


def marked_lines(source):
    with open(source) as f:
        return {i for i, l in enumerate(f, 1) if "// USER-LINE" in l}


def named_lines(result, source):
    """The lines of `source` the problems name, and every place named (for messages)."""
    lines, places = set(), []
    for p in result["problems"]:
        places.append(p["where"])
        for place in p["places"]:
            f = place["frame"]
            if f and os.path.basename(f["file"]) == os.path.basename(source):
                lines.add(f["line"])
    return lines, places


def symbolized(log_path):
    return "symbolize0" not in log_path and "stripped" not in log_path


def check_log(label, data, source, partial=False):
    result = explain_bytes(data)
    if not result["problems"]:
        fail("%s: no problem found" % label, json.dumps(result, indent=1))
    want = marked_lines(source)
    got, places = named_lines(result, source)
    ok = got <= want if partial else got == want
    if not ok:
        fail("%s: names lines %s of %s, the program marks %s (%s)" %
             (label, sorted(got), os.path.basename(source), sorted(want), "; ".join(places)))
    return result


def t_corpus():
    n = 0
    for path in pasted.real_logs():
        with open(path, "rb") as f:
            data = f.read()
        if symbolized(path):
            check_log(path, data, source_of(path))
        else:
            # No symbols: the module and offset, and how to get symbols.
            result = explain_bytes(data)
            frame = result["problems"][0]["places"][0]["frame"]
            if frame["file"] or not re.match(r".*\+0x[0-9a-f]+$", frame["module"]):
                fail(path + ": an unsymbolized frame is named by module+offset", json.dumps(frame))
            text = explain([path])
            for needle in ("+0x", "addr2line -f -C -e ", "llvm-symbolizer"):
                if needle not in text:
                    fail("%s: missing %r" % (path, needle), text)
        n += 1
    print("%d real logs name their marked lines" % n)
    if n < 30:
        fail("the corpus has %d logs, expected every kind from clang, GCC and Go" % n)


def t_pasted():
    cases = []
    for path in pasted.real_logs():
        if not symbolized(path):
            continue
        with open(path) as f:
            text = f.read()
        for name, variant in pasted.variants(text):
            label = "%s as %s" % (os.path.basename(path), name)
            cases.append((path, text, name, label, variant))
    # One racelab per variant, as many at once as there are cores: the test's time is their count.
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda c: check_log(c[3], c[4].encode(), source_of(c[0]),
                                                    partial=(c[2] == "cut")), cases))
    n = 0
    for (path, text, name, label, variant), result in zip(cases, results):
        if name == "cut" and "fatal" not in path and \
                not any("truncated" in note for note in result["notes"]):
            fail(label + ": no note that the report is truncated", json.dumps(result["notes"]))
        if name == "twice":
            single = explain_bytes(text.encode())
            if result["reports"] != 2 * single["reports"] or \
                    len(result["problems"]) != len(single["problems"]):
                fail(label + ": the same reports twice are the same problems, counted twice",
                     json.dumps(result["summary"]))
        # A Go fatal error has no end marker: a foreign line ends its goroutine dump.
        if name == "interleave" and "fatal" not in path and \
                not any("interleaved" in note for note in result["notes"]):
            fail(label + ": the interleaved output is not noted", json.dumps(result["notes"]))
        n += 1
    print("%d pasted variants name their marked lines" % n)


def t_run_summary():
    p = subprocess.run([RACELAB, "run", "03"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    last = p.stdout.rstrip("\n").split("\n")[-1]
    m = re.match(r"^(\d+) reports, 1 distinct problem: racy\.cpp:36 \u2194 racy\.cpp:40$", last)
    if p.returncode != 0 or not m or int(m.group(1)) < 2:
        fail("run 03 does not end with one problem of several reports: %r" % last, p.stdout)
    if p.stdout.count("== ") != 2:  # the run's header and one problem
        fail("run 03 explains its one problem more than once", p.stdout)


def t_formats():
    data_race = os.path.join(KINDS, "logs/data_race.clang.log")
    j = json.loads(explain(["--format", "json", data_race]))
    p = j["problems"][0]
    if j["reports"] != 1 or p["kind"] != "data race" or p["count"] != 1 or not p["known"] or \
            [pl["frame"]["line"] for pl in p["places"]] != [12, 8] or "stack" in p["places"][0]:
        fail("json of data_race.clang.log", json.dumps(j, indent=1))
    if j["summary"] != "1 report, 1 distinct problem: data_race.cpp:12 \u2194 data_race.cpp:8":
        fail("json summary", j["summary"])
    j = json.loads(explain(["--format", "json", "--full-stacks", data_race]))
    stack = j["problems"][0]["places"][0]["stack"]
    if not any(f["function"] == "main" for f in stack):
        fail("--full-stacks puts the stack in the json", json.dumps(stack))
    text = explain(["--full-stacks", data_race])
    if not re.search(r"#1 invoke\.h:61 in void std::__invoke_impl", text):
        fail("--full-stacks prints the frames the summary skips", text)
    # Go: a Gin context in a goroutine, the runtime's fatal map error, go test's output.
    gin = explain([os.path.join(GO_KINDS, "logs/gin_context.race.log")])
    for needle in ("data race (Go)", "c.Copy()", "Where the goroutines came from:",
                   "Goroutine 8 was created at gin_context.go:18"):
        if needle not in gin:
            fail("gin_context: missing %r" % needle, gin)
    fatal = explain([os.path.join(GO_KINDS, "logs/map_fatal.log")])
    for needle in ("== 1. concurrent map read and map write (Go)", "sync.Mutex",
                   "map_fatal.go:12 \u2194 map_fatal.go:8"):
        if needle not in fatal:
            fail("map_fatal: missing %r" % needle, fatal)
    gotest = explain([os.path.join(GO_KINDS, "logs/gotest.race.log")])
    if "race_test.go:15 \u2194 race_test.go:12" not in gotest:
        fail("go test -race output", gotest)
    # Bytes that are not UTF-8 (a Latin-1 file name in the log) are replaced, not fatal to json.
    latin1 = (b"WARNING: ThreadSanitizer: data race (pid=1)\n  Write of size 4 at 0x1 by thread T1:\n"
              b"    #0 f /tmp/caf\xe9.cpp:3:5 (a.out+0x1)\n\n  Previous read of size 4 at 0x1 by main thread:\n"
              b"    #0 main /tmp/caf\xe9.cpp:7:3 (a.out+0x2)\n\nSUMMARY: ThreadSanitizer: data race\n")
    j = explain_bytes(latin1)
    if j["reports"] != 1 or "caf\ufffd.cpp:3" not in j["summary"]:
        fail("a Latin-1 file name in --format json", json.dumps(j, indent=1))
    # One line of the user's code is one place, whatever the instruction: two reports at the same
    # lines through other offsets (a memcpy inlined there, racelab run 03's sixth report) are
    # one problem.
    def report(col, off):
        return ("WARNING: ThreadSanitizer: data race (pid=1)\n  Read of size 3 at 0x1 by thread T1:\n"
                "    #0 __tsan_memcpy <null> (a.out+0x655de)\n"
                "    #1 job /tmp/x.cpp:36:%d (a.out+0x%x)\n\n"
                "  Previous write of size 1 at 0x1 by main thread:\n"
                "    #0 whoami /tmp/x.cpp:40:%d (a.out+0x%x)\n\n"
                "SUMMARY: ThreadSanitizer: data race /tmp/x.cpp:36:%d in job\n" % (col, off, col, off + 16, col))
    j = json.loads(explain(["--format", "json", "-"], stdin=report(25, 0xef63e) + report(31, 0xef6a0)))
    if j["summary"] != "2 reports, 1 distinct problem: x.cpp:36 \u2194 x.cpp:40":
        fail("reports at the same lines through other offsets are one problem", json.dumps(j, indent=1))
    # An unknown kind passes through verbatim; so does one inside a ctest log.
    unknown = ("5: ==================\n5: WARNING: ThreadSanitizer: some future kind (pid=1)\n"
               "5:   Something at 0x1234 by thread T1:\n5:     #0 f /tmp/x.cpp:3 (x+0x1)\n5: \n"
               "5: SUMMARY: ThreadSanitizer: some future kind /tmp/x.cpp:3 in f\n5: ==================\n")
    text = explain(["-"], stdin=unknown)
    for needle in ("racelab does not know this kind of report", "    #0 f /tmp/x.cpp:3 (x+0x1)",
                   "1 report, 1 distinct problem: x.cpp:3 (some future kind)"):
        if needle not in text:
            fail("unknown kind: missing %r" % needle, text)


TESTS = {"corpus": t_corpus, "pasted": t_pasted, "run-summary": t_run_summary,
         "formats": t_formats}

if __name__ == "__main__":
    TESTS[sys.argv[1]](*sys.argv[2:])
