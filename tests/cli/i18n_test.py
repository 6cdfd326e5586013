#!/usr/bin/env python3
"""racelab in Simplified Chinese (issue 15, part 2; label `cli`). One test per invocation:

  i18n_test.py language   --lang before and after the subcommand, LC_ALL > LC_MESSAGES > LANG,
                          LANGUAGE, C/POSIX, an unknown --lang value (an error naming en, zh-CN)
  i18n_test.py help       every subcommand's --help in Chinese: each option described in Chinese
  i18n_test.py explain    explain on real logs (tests/cli/tsan_kinds/logs): the kind's Chinese text
                          and summary from the catalog, the same file:line as in English, JSON
                          unchanged
  i18n_test.py tour       `racelab --lang zh-CN tour --sample 01`: Chinese headings and lesson
                          title, ✓ on every row, the columns aligned in terminal columns (a Chinese
                          character takes two)

Environment: RACELAB (the binary), SOURCE_DIR.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

RACELAB = os.environ["RACELAB"]
SOURCE = os.environ["SOURCE_DIR"]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import message_catalog  # noqa: E402

CATALOG = {mid: (en, zh) for _, mid, en, zh in message_catalog.read(SOURCE)[0]}
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
CJK = re.compile(r"[\u4e00-\u9fff]")


def fail(msg, text=""):
    if text:
        print(text)
    sys.exit("error: " + msg)


def run(args, env=None, rc=0, stdin=None):
    e = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    e.update(env or {})
    p = subprocess.run([RACELAB] + args, env=e, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    shown = " ".join("%s=%s" % kv for kv in (env or {}).items())
    print("$ %s racelab %s  (exit %d)" % (shown, " ".join(args), p.returncode))
    if rc is not None and p.returncode != rc:
        fail("exit %d, expected %d" % (p.returncode, rc), p.stdout + p.stderr)
    return p


def zh(mid, *args):
    text = CATALOG[mid][1]
    for i, a in enumerate(args):
        text = text.replace("{%d}" % i, a)
    return text


def en(mid, *args):
    text = CATALOG[mid][0]
    for i, a in enumerate(args):
        text = text.replace("{%d}" % i, a)
    return text


def chinese_list(p):
    return zh("tour_h_lesson") in p.stdout.splitlines()[0] and zh("list_h_title") in p.stdout


def t_language():
    english_head = run(["list"]).stdout.splitlines()[0]
    if not english_head.startswith("lesson ") or CJK.search(english_head):
        fail("racelab list with no locale set is not English", english_head)
    for args in (["--lang", "zh-CN", "list"], ["list", "--lang", "zh-CN"], ["--lang=zh_CN", "list"],
                 ["list", "--lang=zh-cn"]):
        if not chinese_list(run(args)):
            fail("racelab %s is not Chinese" % " ".join(args))
    cases = [({"LANG": "zh_CN.UTF-8"}, True), ({"LANG": "zh_SG"}, True), ({"LANG": "zh-CN"}, True),
             ({"LANG": "zh_Hans_CN.UTF-8"}, True), ({"LC_MESSAGES": "zh_CN.UTF-8"}, True),
             ({"LANG": "zh_TW.UTF-8"}, False), ({"LANG": "C"}, False), ({"LANG": "POSIX"}, False),
             ({"LANG": ""}, False), ({"LANG": "en_US.UTF-8"}, False),
             ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, False),
             ({"LC_ALL": "zh_CN.UTF-8", "LANG": "C"}, True),
             ({"LC_ALL": "", "LC_MESSAGES": "en_GB", "LANG": "zh_CN.UTF-8"}, False),
             ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, True),
             # GNU LANGUAGE: a preference list, unless the locale is C
             ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:zh_CN:en"}, True),
             ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en"}, False),
             ({"LANG": "C", "LANGUAGE": "zh_CN"}, False)]
    for env, chinese in cases:
        if chinese_list(run(["list"], env=env)) != chinese:
            fail("%s should select %s" % (env, "Chinese" if chinese else "English"))
    # --lang wins over the environment, both ways.
    if chinese_list(run(["--lang", "en", "list"], env={"LC_ALL": "zh_CN.UTF-8"})):
        fail("--lang en under LC_ALL=zh_CN.UTF-8 is not English")
    if not chinese_list(run(["list", "--lang", "zh-CN"], env={"LC_ALL": "C"})):
        fail("--lang zh-CN under LC_ALL=C is not Chinese")
    for bad in ("fr", "zh_TW", ""):
        p = run(["--lang", bad, "list"], rc=2)
        if "en, zh-CN" not in p.stderr or "--lang" not in p.stderr or p.stdout:
            fail("--lang %r: no clear error naming the supported languages" % bad, p.stderr)
    p = run(["tour", "--lang"], rc=2)
    if "en, zh-CN" not in p.stderr:
        fail("--lang without a value: no error naming the supported languages", p.stderr)


OPTION_LINE = re.compile(r"^\s+(-\S+|[A-Z]+)(?:,\S+)?(?:\s+\S+)*?\s{2,}(\S.*)$")


def t_help():
    for cmd in ([], ["tour"], ["run"], ["explain"], ["lint"], ["list"], ["doctor"], ["sarif-merge"]):
        p = run(["--lang", "zh-CN"] + cmd + ["--help"])
        out = p.stdout
        if not re.search("^%s: " % zh("cli_usage"), out, re.M) or \
                not re.search("^%s:$" % zh("cli_options_group"), out, re.M) or "\nOptions:" in out:
            fail("racelab %s --help: no Chinese usage and options headings" % " ".join(cmd), out)
        described = 0
        lines = out.split("\n")
        for i, line in enumerate(lines):
            m = re.match(r"^  (\S.*?)\s{2,}(\S.*)$", line)
            if not m or not line.startswith("  -") and not re.match(r"^  [A-Z]+ ", line) \
                    and not re.match(r"^  [a-z-]+ ", line):
                continue
            described += 1
            # CLI11 wraps long descriptions onto the following lines: read them all.
            text = m.group(2)
            for nxt in lines[i + 1:]:
                if not re.match(r"^\s{20,}\S", nxt):
                    break
                text += nxt.strip()
            if not CJK.search(text):
                fail("racelab %s --help: %r is described in English" % (" ".join(cmd), m.group(1)), out)
        if described < 1:
            fail("racelab %s --help: read only %d described options" % (" ".join(cmd), described), out)
        if not cmd and zh("help_lang") not in " ".join(out.split()).replace(" ", "") and \
                "--lang" not in out:
            fail("racelab --help does not offer --lang", out)
    p = run(["--lang", "zh-CN", "lint", "--format", "xml"], rc=2)
    if not p.stderr.startswith(zh("cli_parse_error", "").split("\n")[0]):
        fail("a parse error is not in Chinese", p.stderr)


PLACE = re.compile(r"[\w.+-]+\.(?:cpp|h|go):\d+")


def t_explain():
    logs = os.path.join(SOURCE, "tests/cli/tsan_kinds/logs")
    for name, what, cure in (("data_race.clang.log", "kind_data_race_what", "kind_data_race_cure"),
                             ("lock_order.gcc.log", "kind_lock_order_what", "kind_lock_order_cure"),
                             ("use_after_free.clang.log", "kind_uaf_what", "kind_uaf_cure")):
        path = os.path.join(logs, name)
        english = run(["explain", path]).stdout
        chinese = run(["--lang", "zh-CN", "explain", path]).stdout
        for mid in (what, cure):
            if zh(mid) not in chinese or en(mid) not in english:
                fail("%s: the kind's text %s is not in the explanation" % (name, mid), chinese)
        if PLACE.findall(english) != PLACE.findall(chinese) or not PLACE.findall(english):
            fail("%s: file:line differ between English and Chinese: %s vs %s"
                 % (name, PLACE.findall(english), PLACE.findall(chinese)))
        last_en, last_zh = english.strip().split("\n")[-1], chinese.strip().split("\n")[-1]
        n = re.match(r"^(\d+) reports?, (\d+) distinct problems?: (.*)$", last_en)
        if not n:
            fail("%s: no English summary line" % name, english)
        summary = zh("ex_summary_places", zh("ex_summary", zh("ex_reports_n", n.group(1)),
                                             zh("ex_problems_n", n.group(2))), "")
        if not last_zh.startswith(summary) or PLACE.findall(last_zh) != PLACE.findall(last_en):
            fail("%s: the Chinese summary %r is not %r + the English places" % (name, last_zh, summary))
        for mid in ("ex_accesses", "ex_cure", "ex_what_happened"):
            label = zh(mid, "").rstrip("：")
            if mid != "ex_accesses" and label not in chinese:
                fail("%s: no %r in the Chinese explanation" % (name, label), chinese)
        js_en = run(["explain", "--format", "json", path]).stdout
        js_zh = run(["--lang", "zh-CN", "explain", "--format", "json", path]).stdout
        if js_en != js_zh or json.loads(js_en)["problems"][0]["what"] != en(what):
            fail("%s: --format json changes with the language" % name)


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in s)


def columns(line):
    """(display column where each cell starts, cell) for cells separated by two spaces or more."""
    out, col = [], 0
    for m in re.finditer(r"\S+(?: \S+)*", line):
        out.append((width(line[:m.start()]), m.group(0)))
    return out


def t_tour():
    p = run(["--lang", "zh-CN", "tour", "--sample", "01"], env={"LC_ALL": "C"})
    lines = [l for l in p.stdout.split("\n") if l]
    head = columns(lines[0])
    want = [zh(m) for m in ("tour_h_sample", "tour_h_lesson", "tour_h_tsan", "tour_h_linter",
                            "tour_h_expected", "tour_h_ok")]
    if [c for _, c in head] != want:
        fail("the table's headings are %s, not %s" % ([c for _, c in head], want), p.stdout)
    with open(os.path.join(SOURCE, "samples/01-lost-update/lesson.json"), encoding="utf-8") as f:
        title = json.load(f)["zh-CN"]["title"]
    rows = [l for l in lines if re.match(r"^01 ", l)]
    if len(rows) != 3:
        fail("3 rows for sample 01 expected", p.stdout)
    for row in rows:
        cells = columns(row)
        if [c for _, c in cells][1] != title or cells[-1][1] != "\u2713":
            fail("row %r: not the Chinese title and \u2713" % row, p.stdout)
        if [col for col, _ in cells] != [col for col, _ in head]:
            fail("row %r starts its cells at columns %s, the headings at %s"
                 % (row, [col for col, _ in cells], [col for col, _ in head]), p.stdout)
        if not CJK.search(cells[2][1]) or not CJK.search(cells[4][1]):
            fail("row %r: verdicts not in Chinese" % row, p.stdout)
    racy = rows[0]
    if zh("tour_race_between", "racy.cpp:", "racy.cpp:").split(":")[0] not in racy.replace(" ", "") \
            and "racy.cpp:" not in racy:
        fail("the racy row names no place", racy)
    if lines[-1] != zh("tour_summary", "3", "3"):
        fail("the last line is %r, not %r" % (lines[-1], zh("tour_summary", "3", "3")), p.stdout)


TESTS = {"language": t_language, "help": t_help, "explain": t_explain, "tour": t_tour}
if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
    sys.exit("usage: i18n_test.py %s" % "|".join(TESTS))
TESTS[sys.argv[1]]()
print("ok")
