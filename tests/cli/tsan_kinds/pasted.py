#!/usr/bin/env python3
"""Derives "as pasted" variants of real ThreadSanitizer/Go logs: the ways users hand logs to
`racelab explain` (ctest's "N: " prefix, a test runner's indentation, comment markers, CRLF,
re-indented or wrapped lines, lldb's "* #0" frame, interleaved program output, several reports
mixed, cut off). Derived by rule from the real logs in logs/ and ../go_kinds/logs/, so they stay
as honest as those.

  pasted.py OUT_DIR    writes every variant of every log to OUT_DIR/NAME.VARIANT.log
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LOG_DIRS = [os.path.join(HERE, "logs"), os.path.join(HERE, "..", "go_kinds", "logs")]


def real_logs():
    for d in LOG_DIRS:
        for name in sorted(os.listdir(d)):
            if name.endswith(".log"):
                yield os.path.join(d, name)


def _lines(text):
    return text.split("\n")


def prefix(text, p):
    return "\n".join(p + l if l else p.rstrip() for l in _lines(text))


def crlf(text):
    return text.replace("\n", "\r\n")


def reindent(text):
    return "\n".join(l.strip() for l in _lines(text))


def wrap(text, width=72):
    """Hard-wraps long lines, as a terminal or a CI web page copy does."""
    out = []
    for l in _lines(text):
        while len(l) > width:
            start = len(l) - len(l.lstrip())
            cut = l.rfind(" ", start + 1, width)
            if cut <= start:
                break
            out.append(l[:cut])
            l = "      " + l[cut + 1:]
        out.append(l)
    return "\n".join(out)


def lldb_star(text):
    """lldb marks the selected frame with "* "."""
    return re.sub(r"^(\s*)#0 ", r"\1* #0 ", text, flags=re.M)


def interleave(text):
    """Program output in the middle of each report (after its first stack's first frame)."""
    out, pending = [], False
    for l in _lines(text):
        out.append(l)
        if "WARNING:" in l:
            pending = True
        elif pending and re.match(r"\s+(#0 |\S+\.go:\d+)", l):
            out.append("GET /orders/bob 200 1.2ms (the program's own log)")
            pending = False
    return "\n".join(out)


def twice(text):
    """The same log twice, program output between: two reports of one problem."""
    return text + "\nserver restarted\n" + text


def old_runtime(text):
    """What older runtimes printed: no BuildId, offsets padded to 12 hex digits."""
    text = re.sub(r" \(BuildId: [0-9a-f]+\)", "", text)
    return re.sub(r"\+0x([0-9a-f]+)\)", lambda m: "+0x%012x)" % int(m.group(1), 16), text)


def cut(text):
    """Cut off after the report's second stack starts (a CI log limit, a killed job)."""
    lines = _lines(text)
    starts = [i for i, l in enumerate(lines) if re.match(r"\s*(#0 |\S+\.go:\d+)", l)]
    if len(starts) < 2:
        return None
    return "\n".join(lines[:starts[1] + 1]) + "\n"


VARIANTS = {
    "ctest": lambda t: prefix(t, "12: "),
    "indent": lambda t: prefix(t, "    "),
    "hash": lambda t: prefix(t, "# "),
    "slashes": lambda t: prefix(t, "// "),
    "crlf": crlf,
    "ctest-crlf": lambda t: crlf(prefix(t, "3: ")),
    "reindent": reindent,
    "wrap": wrap,
    "lldb": lldb_star,
    "interleave": interleave,
    "twice": twice,
    "old-runtime": old_runtime,
    "cut": cut,
}


def variants(text):
    for name, make in VARIANTS.items():
        v = make(text)
        if v is not None:
            yield name, v


if __name__ == "__main__":
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for path in real_logs():
        text = open(path).read()
        base = os.path.basename(path)[:-4]
        for name, v in variants(text):
            with open(os.path.join(out_dir, "%s.%s.log" % (base, name)), "w", newline="") as f:
                f.write(v)
