#!/usr/bin/env python3
"""Runs one racelab check on a fixture and checks the result with FileCheck.

Modelled on LLVM's clang-tools-extra/test/clang-tidy/check_clang_tidy.py:

  check_clang_tidy.py [options] FIXTURE CHECK-NAME [-- COMPILER-ARGS...]

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
    ap.add_argument("--config", default=None, help="YAML/JSON passed as --config (CheckOptions)")
    ap.add_argument("--check-suffix", default="", help="use CHECK-MESSAGES-SUFFIX etc.")
    ap.add_argument("--expect-clang-tidy-error", action="store_true")
    ap.add_argument("--no-fix", action="store_true", help="run without -fix")
    ap.add_argument("fixture")
    ap.add_argument("check")
    ap.add_argument("compiler_args", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    extra = a.compiler_args[1:] if a.compiler_args[:1] == ["--"] else a.compiler_args

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
