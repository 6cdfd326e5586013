#!/usr/bin/env python3
"""Runs one racelab check on a fixture and checks the result with FileCheck.

Modelled on LLVM's clang-tools-extra/test/clang-tidy/check_clang_tidy.py:

  check_clang_tidy.py --clang-tidy CT --plugin SO --filecheck FC FIXTURE

The fixture's first line says how to run it, as in LLVM's lit tests:

  // RUN: CHECK-NAME [--config=... | --config-file=%S/FILE | --check-suffix=S
  //      | --expect-clang-tidy-error | --no-fix] -- COMPILER-ARGS

(%S is the fixture's directory.)

The fixture is copied with its `// CHECK-...:` comments blanked (line numbers stay), clang-tidy
runs on the copy with -fix, and then
  * CHECK-MESSAGES lines are matched against the warnings (any other warning or error fails),
  * CHECK-NOTES lines against warnings and notes (any other note, warning or error fails),
  * CHECK-FIXES lines against the fixed file.
A fixture with none of these must produce no diagnostic at all.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clang-tidy", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--filecheck", required=True)
    ap.add_argument("fixture")
    a = ap.parse_args()
    first = open(a.fixture, encoding="utf-8").readline()
    m = re.match(r"^// RUN: (.*)$", first)
    if not m:
        sys.exit("error: %s: the first line must be '// RUN: CHECK-NAME [options] -- ARGS'" % a.fixture)
    here_dir = os.path.dirname(os.path.abspath(a.fixture))
    words = [w.replace("%S", here_dir) for w in shlex.split(m.group(1))]
    split = words.index("--") if "--" in words else len(words)
    rp = argparse.ArgumentParser(prog="RUN line")
    rp.add_argument("check")
    rp.add_argument("--config", default=None)
    rp.add_argument("--config-file", default=None)
    rp.add_argument("--check-suffix", default="")
    rp.add_argument("--expect-clang-tidy-error", action="store_true")
    rp.add_argument("--no-fix", action="store_true")
    r = rp.parse_args(words[:split])
    for k, v in vars(r).items():
        setattr(a, k, v)
    extra = words[split + 1:]

    suffix = "-" + a.check_suffix if a.check_suffix else ""
    p_msgs, p_notes, p_fixes = ("CHECK-MESSAGES" + suffix, "CHECK-NOTES" + suffix, "CHECK-FIXES" + suffix)
    text = open(a.fixture, encoding="utf-8").read()
    has = {p: re.search(r"//\s*" + re.escape(p) + r"(-NOT|-DAG|-NEXT|-SAME)?:", text) is not None
           for p in (p_msgs, p_notes, p_fixes)}
    if has[p_msgs] and has[p_notes]:
        sys.exit("error: use either %s or %s, not both" % (p_msgs, p_notes))

    tmp = tempfile.mkdtemp(prefix="racelab-check-")
    try:
        name = os.path.basename(a.fixture)
        work = os.path.join(tmp, name)
        cleaned = re.sub(r"//\s*CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", text)
        with open(work, "w", encoding="utf-8") as f:
            f.write(cleaned)
        # Headers beside the fixture stay reachable.
        here = os.path.dirname(os.path.abspath(a.fixture))
        extra = extra + ["-I" + here, "-I" + os.path.join(here, "Inputs")]
        cmd = [a.clang_tidy, "--load", a.plugin, "--checks=-*," + a.check, "--header-filter=.*",
               "--system-headers=false", "--quiet"]
        if not a.no_fix:
            cmd.append("--fix")
        if a.config:
            cmd.append("--config=" + a.config)
        if a.config_file:
            cmd.append("--config-file=" + a.config_file)
        cmd += [work, "--"] + extra
        res = run(cmd)
        out = res.stdout
        print("$ " + " ".join(cmd))
        print(out)
        if a.expect_clang_tidy_error:
            if res.returncode == 0:
                sys.exit("error: clang-tidy was expected to fail")
        elif res.returncode != 0 or "error:" in out:
            sys.exit("error: clang-tidy failed (exit %d)" % res.returncode)

        # What clang-tidy itself says about applying fixes is not a diagnostic of ours.
        diag = "\n".join(l for l in out.splitlines()
                         if not re.search(r"note: FIX-IT applied suggested code changes", l)
                         and not l.startswith("clang-tidy applied"))
        if a.expect_clang_tidy_error and "Error while processing" not in out and "error:" not in out:
            sys.exit("error: expected clang's errors in the output")
        msgs = os.path.join(tmp, "messages.txt")
        with open(msgs, "w", encoding="utf-8") as f:
            f.write(diag + "\n")

        def filecheck(prefix, input_file, implicit):
            fc = [a.filecheck, a.fixture, "--input-file=" + input_file, "--check-prefix=" + prefix]
            if implicit:
                fc.append("--implicit-check-not=" + implicit)
            else:
                fc.append("--strict-whitespace")
            r = run(fc)
            if r.returncode != 0:
                print(r.stdout)
                sys.exit("error: FileCheck failed for " + prefix)

        if has[p_fixes]:
            filecheck(p_fixes, work, None)
        if has[p_msgs]:
            filecheck(p_msgs, msgs, "{{warning|error}}:")
        if has[p_notes]:
            filecheck(p_notes, msgs, "{{note|warning|error}}:")
        if not any(has.values()):
            bad = [l for l in diag.splitlines() if re.search(r"(warning|error):", l)]
            if bad:
                sys.exit("error: expected no diagnostics, got:\n" + "\n".join(bad))
            if open(work, encoding="utf-8").read() != cleaned:
                sys.exit("error: expected no fixes, but the file changed")
        print("ok: " + name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
