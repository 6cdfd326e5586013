#!/usr/bin/env python3
"""Checks the course's checkable claims against the code and the one source of each figure.

  claims_test.py SOURCE_DIR

Each check is one claim of issue 15's list that a program can check:
  loop-counts   module 1 and sample 01's README quote the loop counts of samples/01 racy.cpp
                (its default and its `// ARGS:` for ThreadSanitizer), and the totals they print
  gin-threads   every gin#N cited in docs/, samples/ and minigin's headers is in
                gin_threads.json (verified threads, with titles); a year or version written
                next to a citation agrees with it
  figures       every figure a module or framework.md quotes (ns, µs, allocations) appears in
                docs/performance.md, the one source
  no-detach     no fixed sample and no solution calls .detach(); the cheat sheets' "do" columns
                show no std::thread
  wording       claims the course retracted stay retracted (TSan "serialises" threads, every
                data race "gives" a race condition, a CAS loop for anything but add/subtract,
                "a million times", Go's "context values done wrong"), and what replaced them is
                there (false-positive conditions and the three ways to silence, relaxed after
                join(), the jthread that joins, Gin's mutable Copy, the capstone's right count)
  excerpts      every ```cpp and ```go block of a module (docs/workshop/0N-*.md and its twin) is
                the real file's lines: the paragraph before it names the file (`samples/…/racy.go`,
                or a path under docs/workshop/), and each run of lines between "…" lines is found
                there verbatim (tabs too), in order, so an excerpt cannot drift from its source
"""
import glob
import json
import os
import re
import sys

root = sys.argv[1]
failures = []


def read(rel):
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        return f.read()


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def pages(patterns):
    out = []
    for p in patterns:
        out += sorted(glob.glob(os.path.join(root, p), recursive=True))
    return [os.path.relpath(p, root) for p in out]


def unspace(s):
    return re.sub(r"\s+", " ", s)


# loop-counts
racy = read("samples/01-lost-update/racy.cpp")
default = int(re.search(r"argc > 1 \? std::atoi\(argv\[1\]\) : ([0-9']+);", racy).group(1).replace("'", ""))
under_tsan = int(re.search(r"^// ARGS: (\d+)$", racy, re.M).group(1))
threads = int(re.search(r"const int threads = (\d+);", racy).group(1))
m1 = unspace(read("docs/workshop/01-threads-meet-web-frameworks.md"))
check("{:,}".format(default) in m1, "module 1 quotes the plain loop count %s" % "{:,}".format(default))
check("{:,}".format(under_tsan) in m1, "module 1 quotes the TSan loop count %s" % "{:,}".format(under_tsan))
check("// ARGS: %d" % under_tsan in m1, "module 1 names the ARGS line that sets it")
check("expected %d, got" % (threads * default) in m1, "module 1's plain run prints %d" % (threads * default))
check("expected %d, got" % (threads * under_tsan) in m1, "module 1's TSan run prints %d" % (threads * under_tsan))
check("expected %d, got" % (threads * default) in read("samples/01-lost-update/README.md"),
      "sample 01's README quotes %d" % (threads * default))
check("(%s increments per thread)" % "{:,}".format(default) in racy, "racy.cpp's own comment says %s" % "{:,}".format(default))

# gin-threads
threads_db = json.loads(read("tests/docs/gin_threads.json"))
cited = {}
for rel in pages(["docs/**/*.md", "samples/**/*.md", "samples/**/*.cpp", "samples/**/*.json",
                  "docs/workshop/**/*.cpp", "mini-framework/include/**/*.h", "README.md"]):
    text = read(rel)
    for m in re.finditer(r"gin#(\d+)(?:\s*\(([^)]*)\))?", text):
        cited.setdefault(m.group(1), []).append((rel, unspace(m.group(2) or "")))
    for m in re.finditer(r"github\.com/gin-gonic/gin/(?:pull|issues)/(\d+)", text):
        cited.setdefault(m.group(1), []).append((rel, ""))
    # bare #N in a list of Gin's threads (the zh-CN index: "Gin 的修复历史（#1020、…）")
    for line in text.splitlines():
        if "Gin" in line:
            for m in re.finditer(r"(?<![\w/])#(\d{3,4})(?!\d)", line):
                cited.setdefault(m.group(1), []).append((rel, ""))
for n, places in sorted(cited.items()):
    entry = threads_db.get(n)
    check(entry is not None, "gin#%s (cited in %s) is a verified thread" % (n, ", ".join(sorted({p for p, _ in places}))))
    if not entry:
        continue
    for rel, paren in places:
        for year in re.findall(r"\b(20\d\d)\b", paren):
            check(int(year) == entry["year"], "gin#%s (%s) in %s: year %s matches the thread" % (n, paren, rel, year))
        for version in re.findall(r"\bv\d+\.\d+", paren):
            check(version == entry.get("version"), "gin#%s in %s: version %s matches" % (n, rel, version))
for n in ("1020", "1391", "3873"):
    check(n in cited, "the course cites gin#%s" % n)

# figures
perf = read("docs/performance.md")
for rel in pages(["docs/workshop/*.md", "docs/framework.md", "samples/*/README.md"]):
    text = unspace(read(rel))
    for m in re.finditer(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(ns|µs)\b", text):
        check(m.group(1) + " " + m.group(2) in perf or m.group(1) + " " + m.group(2) in unspace(perf),
              "%s quotes %s %s, which docs/performance.md has" % (rel, m.group(1), m.group(2)))

# no-detach
for rel in pages(["samples/*/fixed*.cpp", "docs/workshop/solutions/**/*.cpp", "docs/workshop/solutions/**/*.h"]):
    code = "\n".join(l for l in read(rel).splitlines() if not l.lstrip().startswith("//"))
    check(".detach()" not in code, "%s detaches no thread" % rel)
for rel in ("docs/workshop/cheatsheet.md", "docs/workshop/cheatsheet.zh-CN.md"):
    for line in read(rel).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and not set(cells[1]) <= set("- "):
            check("std::thread(" not in cells[1] and "detach" not in cells[1],
                  "%s: the do column of %r shows no detached std::thread" % (rel, cells[0]))

# wording
course = {rel: unspace(read(rel)) for rel in pages(["docs/**/*.md", "samples/*/README.md", "samples/*/*.cpp",
                                                    "samples/*/lesson.json", "docs/workshop/**/*.cpp"])}
retracted = [
    (r"slows and serialises|ThreadSanitizer \(which [^)]*serialis|(?<!\*\*not\*\* )serialises threads", "ThreadSanitizer serialises threads"),
    (r"Every data race gives", "every data race gives a race condition"),
    (r"no false positives in the happens-before sense", "no false positives, unconditionally"),
    (r"(?i)anything (more complex than add or subtract|else) needs a `?compare_exchange", "only add/subtract avoid a CAS loop"),
    (r"a million times", "a million times"),
    (r"context values done wrong", "Go's context values done wrong"),
    (r"map cloned under the lock", "Gin 1.8's Copy() took the Keys lock"),
]
for pattern, claim in retracted:
    hits = [rel for rel, text in course.items() if re.search(pattern, text)]
    check(not hits, "retracted claim %r appears nowhere%s" % (claim, (" (found in %s)" % ", ".join(hits)) if hits else ""))
m2 = course["docs/workshop/02-data-race-vs-race-condition.md"]
for needed in ("undefined behaviour", "neither contains the other", "atomic_thread_fence",
               "not built with `-fsanitize=thread`", "inline assembly", "futex", "suppressions=",
               "__tsan_default_suppressions", "no_sanitize(\"thread\")", "__tsan_acquire",
               "fetch_and", "fetch_or", "fetch_xor", "exchange"):
    check(needed in m2, "module 2 says %r" % needed)
sols = {os.path.basename(p): read(p) for p in pages(["docs/workshop/solutions/02-fence-false-positive/*.cpp"])}
check("__tsan_acquire" in sols.get("annotate.cpp", "") and "__tsan_release" in sols.get("annotate.cpp", ""),
      "a solution annotates the fences")
check("no_sanitize(\"thread\")" in sols.get("no-sanitize.cpp", ""), "a solution uses no_sanitize")
check("__tsan_default_suppressions" in sols.get("suppress.cpp", ""), "a solution suppresses")
check("memory_order_release" in sols.get("fences.cpp", "") and "atomic_thread_fence" not in sols.get("fences.cpp", ""),
      "a solution replaces the fences with release/acquire on the flag")
check("memory_order_relaxed" in m1 and "join()" in m1 and "not** enough" in m1,
      "module 1 says why relaxed is enough after join() and when it is not")
check("Helgrind" in m1 and "does **not** serialise" in m1, "module 1 says TSan does not serialise (Helgrind/DRD do)")
m4 = course["docs/workshop/04-copy.md"]
check("**mutable**" in m4 and "one `Copy()` per goroutine" in m4 and "**immutable**" in m4,
      "module 4: Gin's copy is mutable (one per goroutine), minigin's immutable")
m6 = course["docs/workshop/06-propagation-done-right.md"]
check("**joins**" in m6 and "WithTimeout" in m6 and "steady_clock" in m6,
      "module 6: the jthread joins, Go's WithTimeout returns, a deadline from the clock")
fixed09 = read("samples/09-timeout-cancellation/fixed.cpp")
check("steady_clock" in fixed09 and "wait_until" in fixed09 and "std::jthread job" not in fixed09,
      "sample 09's fix takes its deadline from the clock and does not join in the handler")
m8 = course["docs/workshop/08-capstone.md"]
check("usually says 3, the right number" in m8 and "only the tools see it reliably" in m8,
      "module 8: the capstone usually prints the right count; only the tools see the counter's bug")
check("no goroutine-local storage" in course["samples/08-thread-local-trace-id/README.md"],
      "lesson 8: Go has no goroutine-local storage")
m5 = course["docs/workshop/05-views-and-aliasing.md"]
check("heap-use-after-free" in m5 and "longer" in m5, "module 5 teaches both: the next request's bytes, and a dangling view")

# excerpts
SOURCE_SPAN = re.compile(r"`((?:[\w.-]+/)+[\w.-]+\.(?:cpp|h|go))`")


def excerpts(text):
    """[(line, info, [block lines], the paragraph before the block)] of the ```cpp/```go blocks."""
    out, para, blank, lines, i = [], [], False, text.split("\n"), 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if m:
            end = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip() == "```"), len(lines))
            if m.group(1) in ("cpp", "go"):
                out.append((i + 1, m.group(1), lines[i + 1:end], "\n".join(para)))
            para, i = [], end + 1
            continue
        if lines[i].strip():
            para = [] if blank else para
            para.append(lines[i])
        blank = not lines[i].strip()
        i += 1
    return out


def first_missing_run(block, source_lines):
    """The first run of the block's lines (runs are separated by "…" lines) not found verbatim
    in source_lines after the previous run, or None."""
    runs = [[]]
    for line in block:
        if line.strip() in ("…", "..."):
            runs.append([])
        else:
            runs[-1].append(line)
    pos = 0
    for run in (r for r in runs if r):
        at = next((k for k in range(pos, len(source_lines) - len(run) + 1)
                   if source_lines[k:k + len(run)] == run), None)
        if at is None:
            return run
        pos = at + len(run)
    return None


# The check itself, on a known case first: a line the file lacks, and runs out of order, fail.
check(first_missing_run(["\tb", "…", "\ta"], ["\ta", "\tb"]) == ["\ta"]
      and first_missing_run(["  a"], ["\ta"]) == ["  a"]
      and first_missing_run(["a", "…", "b"], ["a", "x", "b"]) is None,
      "the excerpt check rejects lines out of order and spaces for tabs, and accepts a run per … gap")
for rel in pages(["docs/workshop/0[0-9]-*.md"]):
    for line, info, block, para in excerpts(read(rel)):
        names = sorted(set(SOURCE_SPAN.findall(para)))
        where = "%s:%d (```%s)" % (rel, line, info)
        found = [n for n in names if os.path.isfile(os.path.join(root, n))]
        found += [os.path.join("docs/workshop", n) for n in names
                  if os.path.isfile(os.path.join(root, "docs/workshop", n))]
        if len(found) != 1:
            check(False, "%s: the paragraph before it names one source file, not %s" % (where, names or "none"))
            continue
        missing = first_missing_run(block, read(found[0]).split("\n"))
        check(missing is None, "%s is %s's lines verbatim%s" % (where, found[0], "" if missing is None else
              "; not found there, in this order: %r" % "\n".join(missing)))

if failures:
    sys.exit("error: %d claim(s) do not hold" % len(failures))
print("ok: every checked claim holds")
