"""The directive comments of a sample's source, read one way for every harness script.

Both harness scripts (run_sample.py under ThreadSanitizer or as a plain program, lint_sample.py
for the linter) import this module, so the grammar is written down here once for the tests:

  // CHECK: ...             FileCheck lines for the ThreadSanitizer run (also CHECK-NEXT, -NOT,
                            -DAG, -SAME); FileCheck itself reads them
  // PLAIN: ...             FileCheck lines for the plain build (same suffixes)
  // ASAN: ...              FileCheck lines for the AddressSanitizer run (same suffixes); a racy
                            sample with ASAN lines must be reported by ASan, a fixed one not
  // LINT: check@N ...      the linter's findings, exactly; none without LINT lines
  // ARGS: a b              the program's arguments under ThreadSanitizer (split at whitespace)
  // ASAN_ARGS: a b         the program's arguments under AddressSanitizer
  // TSAN_OPTIONS: k=v ...  added to the pinned options (pinned_tsan_options.txt)
  // TSAN: silent           a racy program whose race ThreadSanitizer cannot see

ARGS, ASAN_ARGS and TSAN_OPTIONS: the first such line counts, its value trimmed.

`racelab tour` reads the same comments in C++ (cli/samples.cpp, which points here). The harness
does not ask the CLI what it parsed: the tsan preset, where run_sample.py matters most, does not
build the CLI, and the tests should judge the samples without trusting the tool they test.
"""
import os
import re

_HERE = os.path.dirname(os.path.abspath(__file__))


def _read_pinned_tsan_options():
    # The one source of the pinned options; cli/CMakeLists.txt compiles the same line into racelab.
    with open(os.path.join(_HERE, "pinned_tsan_options.txt"), encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    return lines[0]


PINNED_TSAN_OPTIONS = _read_pinned_tsan_options()


def _value(text, name):
    m = re.search(r"^//\s*" + name + r":(.*)$", text, re.M)
    return m.group(1).strip() if m else ""


class Directives:
    """What one sample source declares."""

    def __init__(self, source):
        with open(source, encoding="utf-8") as f:
            text = f.read()
        self.racy = os.path.basename(source).startswith("racy")
        self.tsan_silent = re.search(r"^//\s*TSAN: silent", text, re.M) is not None
        self.expects_report = self.racy and not self.tsan_silent
        self.args = _value(text, "ARGS").split()
        self.asan_args = _value(text, "ASAN_ARGS").split()
        self.tsan_options = (PINNED_TSAN_OPTIONS + " " + _value(text, "TSAN_OPTIONS")).strip()
        # A plain build matches its PLAIN lines when it has any, else a fixed twin's CHECK lines.
        self.has_plain = re.search(r"^//\s*PLAIN:", text, re.M) is not None
        self.filecheck_prefixes = {prefix for prefix in ("CHECK", "PLAIN", "ASAN") if re.search(
            r"^//\s*" + prefix + r"(-NEXT|-NOT|-DAG|-SAME)?:", text, re.M)}
        # The bug ASan sees (a use-after-free), as opposed to a race it cannot see.
        self.expects_asan_report = self.racy and re.search(r"^//\s*ASAN:", text, re.M) is not None
        self.lint = set()
        for m in re.finditer(r"^//\s*LINT:(.*)$", text, re.M):
            for item in m.group(1).split():
                check, _, line = item.partition("@")
                self.lint.add((check, int(line)))
