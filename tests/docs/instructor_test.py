#!/usr/bin/env python3
"""The instructor's pack (docs/workshop/instructor/, issue 15 part 3): docs.instructor.

  instructor_test.py check SOURCE_DIR
  instructor_test.py write-transcripts SOURCE_DIR BUILD_DIR

check (no program runs; well under a second):
  - the quiz has at least 20 questions, each tied to samples/NN-name or
    docs/workshop/exercises/NN-name that exists, each with an answer; its twin ties the same ones;
  - the answer keys cover every exercise part: a "Module N, exercise K" key for each item of each
    module's Exercises list, every exercises/ directory and every solutions/ file named;
  - the agenda adds up: consecutive rows, minutes = end - start, 20 minutes of slack, two breaks
    and lunch, each module's minutes as its "Timing" note says, in both languages;
  - the transcripts hold every ```console command of modules 1-8, each with the module's key lines
    in order in its captured output (docs.console.* runs the commands and checks the same key
    lines against what they print now, so a transcript cannot drift from the pages unnoticed);
  - every sample directory is used by a module (sample 06 too);
  - the container recipe: FROM debian:12 first, known instructions only, COPY sources that exist,
    each RUN parsed by bash -n, the command runs scripts/demo;
  - each page has its NAME.zh-CN.md twin with the same code blocks byte for byte and as many
    headings, and docs/workshop/README.md links each English page.

write-transcripts runs the modules' console commands as docs.console.* does (a scratch root whose
build/ is BUILD_DIR) and rewrites transcripts.md and transcripts.zh-CN.md.
"""
import json
import os
import re
import shutil
import subprocess
import sys

from console_sessions import console_sessions, scratch_root, session_env

INSTR = "docs/workshop/instructor"
PAGES = ["troubleshooting", "agenda", "answer-keys", "transcripts", "quiz", "monday-checklist"]
failures = []


def fail(what):
    failures.append(what)


def read(source, rel):
    with open(os.path.join(source, rel), encoding="utf-8") as f:
        return f.read()


def modules(source):
    d = os.path.join(source, "docs/workshop")
    return sorted(f for f in os.listdir(d) if re.match(r"^0[1-8]-.*(?<!\.zh-CN)\.md$", f))


def code_blocks(text):
    return re.findall(r"^```(\S*)\n(.*?)^```", text, re.S | re.M)


def headings(text):
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return len(re.findall(r"^#{1,6} ", prose, re.M))


# ---------------------------------------------------------------------------------------------
def check_quiz(source):
    tied = {}
    for lang, rel, marker in (("en", INSTR + "/quiz.md", "Tied to:"),
                              ("zh", INSTR + "/quiz.zh-CN.md", "关联：")):
        text = read(source, rel)
        parts = re.split(r"^### Q(\d+)\.", text, flags=re.M)[1:]
        numbers = [int(n) for n in parts[0::2]]
        if numbers != list(range(1, len(numbers) + 1)):
            fail("%s: questions are not numbered Q1..Qn: %s" % (rel, numbers))
        if len(numbers) < 20:
            fail("%s: %d questions, at least 20 wanted" % (rel, len(numbers)))
        tied[lang] = []
        for n, body in zip(numbers, parts[1::2]):
            m = re.search(r"^%s *`([^`]+)`" % re.escape(marker), body, re.M)
            if not m:
                fail("%s: Q%d is tied to no sample or exercise (%s `path`)" % (rel, n, marker))
                continue
            path = m.group(1).rstrip("/")
            tied[lang].append(path)
            if not re.match(r"^(samples|docs/workshop/exercises)/\d\d-[a-z0-9-]+$", path):
                fail("%s: Q%d is tied to %s, not samples/NN-name or docs/workshop/exercises/NN-name"
                     % (rel, n, path))
            elif not os.path.isdir(os.path.join(source, path)):
                fail("%s: Q%d is tied to %s, which does not exist" % (rel, n, path))
            if not re.search(r"\*\*(Answer\.|答案。)\*\*", body):
                fail("%s: Q%d has no answer" % (rel, n))
    en, zh = tied.get("en", []), tied.get("zh", [])
    if en != zh:
        diff = [(i + 1, a, b) for i, (a, b) in enumerate(zip(en, zh)) if a != b]
        fail("quiz.zh-CN.md ties other samples than quiz.md (%d vs %d questions; Q, English, Chinese: %s)"
             % (len(en), len(zh), diff))


def check_answer_keys(source):
    for rel, key_rx in ((INSTR + "/answer-keys.md", r"^### Module (\d), exercise (\d+)"),
                        (INSTR + "/answer-keys.zh-CN.md", r"^### 模块 (\d) 练习 (\d+)")):
        text = read(source, rel)
        keys = {(int(a), int(b)) for a, b in re.findall(key_rx, text, re.M)}
        for page in modules(source):
            n = int(page[:2])
            body = read(source, "docs/workshop/" + page)
            m = re.search(r"^## Exercises\n(.*?)(?=^## )", body, re.S | re.M)
            items = re.findall(r"^(\d+)\. ", m.group(1), re.M) if m else []
            if not m and "(exercises/" in body:
                items = ["1"]  # a module that is one exercise (the capstone)
            if not items:
                fail("docs/workshop/%s: no numbered Exercises list" % page)
            for k in items:
                if (n, int(k)) not in keys:
                    fail("%s: no key for module %d, exercise %s (%s)" % (rel, n, k, page))
        for kind in ("exercises", "solutions"):
            root = os.path.join(source, "docs/workshop", kind)
            for d in sorted(os.listdir(root)):
                if "`%s/%s/" % (kind, d) not in text:
                    fail("%s: %s/%s/ has no key" % (rel, kind, d))
                if kind == "solutions":
                    for f in sorted(os.listdir(os.path.join(root, d))):
                        if f.endswith(".cpp") and "solutions/%s/%s" % (d, f) not in text:
                            fail("%s: the key never names solutions/%s/%s" % (rel, d, f))


def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def check_agenda(source):
    timing = {}
    for page in modules(source):
        body = read(source, "docs/workshop/" + page)
        m = re.search(r"\*\*Timing:\*\* (\d+) minutes", body)
        if not m:
            fail("docs/workshop/%s: no **Timing:** N minutes note" % page)
            continue
        t = int(m.group(1))
        debrief = re.search(r"(\d+) minutes of debrief", body)
        timing[int(page[:2])] = t + (int(debrief.group(1)) if debrief else 0)
    for rel, words in ((INSTR + "/agenda.md", ("slack", "break", "lunch", "module")),
                       (INSTR + "/agenda.zh-CN.md", ("机动", "休息", "午餐", "模块"))):
        rows = re.findall(r"^\| (\d\d:\d\d) \| (\d\d:\d\d) \| (\d+) \| (.*) \|$", read(source, rel), re.M)
        if not rows:
            fail("%s: no timetable rows (| start | end | minutes | what |)" % rel)
            continue
        slack = breaks = lunch = 0
        seen = {}
        for i, (start, end, mins, what) in enumerate(rows):
            if minutes(end) - minutes(start) != int(mins):
                fail("%s: %s-%s is not %s minutes" % (rel, start, end, mins))
            if i and rows[i - 1][1] != start:
                fail("%s: %s does not start where the row before ends (%s)" % (rel, start, rows[i - 1][1]))
            slack += int(mins) if what.startswith(words[0]) else 0
            breaks += what.startswith(words[1])
            lunch += what.startswith(words[2])
            m = re.match(r"%s ?(\d)" % words[3], what)
            if m:
                seen[int(m.group(1))] = int(mins)
        if slack != 20:
            fail("%s: %d minutes of slack, 20 wanted" % (rel, slack))
        if breaks < 2 or lunch != 1:
            fail("%s: %d breaks and %d lunches" % (rel, breaks, lunch))
        if seen != timing:
            fail("%s: module minutes %s differ from the modules' Timing notes %s" % (rel, seen, timing))


def transcript_entries(text):
    """{command: output} from the transcripts' ```text blocks, each "$ command" then its output."""
    out = {}
    for info, block in code_blocks(text):
        if info != "text" or not block.startswith("$ "):
            continue
        first, _, rest = block.partition("\n")
        cmd = first[2:]
        while cmd.endswith("\\"):
            line, _, rest = rest.partition("\n")
            cmd = cmd[:-1] + "\n" + line
        out[cmd] = rest
    return out


def check_transcripts(source):
    for rel in (INSTR + "/transcripts.md", INSTR + "/transcripts.zh-CN.md"):
        entries = transcript_entries(read(source, rel))
        for page in modules(source):
            for cmd, keys in console_sessions(read(source, "docs/workshop/" + page)):
                if cmd not in entries:
                    fail("%s: no transcript of `%s` (%s); run write-transcripts" % (rel, cmd, page))
                    continue
                lines, pos = entries[cmd].split("\n"), 0
                for want in keys:
                    while pos < len(lines) and want not in lines[pos]:
                        pos += 1
                    if pos == len(lines):
                        fail("%s: the transcript of `%s` lacks %s's key line %r (in order); run "
                             "write-transcripts" % (rel, cmd, page, want))
                        break
                    pos += 1


def check_samples_placed(source):
    text = "\n".join(read(source, "docs/workshop/" + p) for p in modules(source))
    for d in sorted(os.listdir(os.path.join(source, "samples"))):
        m = re.match(r"^(\d\d)-", d)
        if m and not re.search(r"samples/%s|racelab run %s\b|--sample %s\b" % (d, m.group(1), m.group(1)), text):
            fail("samples/%s is used by no module (samples/%s, racelab run %s)" % (d, d, m.group(1)))


INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
                "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


def check_containerfile(source):
    rel = INSTR + "/Containerfile"
    logical, cur = [], ""
    for line in read(source, rel).split("\n"):
        if not cur and (not line.strip() or line.lstrip().startswith("#")):
            continue
        cur += line[:-1] if line.endswith("\\") else line  # as the builder joins them
        if not line.endswith("\\"):
            logical.append(cur)
            cur = ""
    if cur:
        fail("%s: ends inside a continued line" % rel)
    if not logical or not re.match(r"^FROM debian:12(\s|$)", logical[0]):
        fail("%s: the first instruction must be FROM debian:12" % rel)
    cmd = None
    for ins in logical:
        word, _, args = ins.partition(" ")
        if word.upper() not in INSTRUCTIONS or word != word.upper():
            fail("%s: unknown instruction %r" % (rel, word))
        if word == "COPY":
            for src in args.split()[:-1]:
                if not src.startswith("--") and not os.path.exists(os.path.join(source, src)):
                    fail("%s: COPY %s, which is not in the repository" % (rel, src))
        if word == "RUN":
            p = subprocess.run(["bash", "-n", "-c", args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            if p.returncode:
                fail("%s: RUN is not valid shell: %s" % (rel, p.stdout.strip()))
        if word == "CMD":
            cmd = args
    if not cmd or "scripts/demo" not in cmd or not os.path.exists(os.path.join(source, "scripts/demo")):
        fail("%s: CMD must run scripts/demo" % rel)
    elif cmd.startswith("["):
        try:
            json.loads(cmd)
        except ValueError as e:
            fail("%s: CMD is not a JSON array: %s" % (rel, e))


def check_twins_and_links(source):
    readme = read(source, "docs/workshop/README.md")
    for name in PAGES:
        en_rel, zh_rel = "%s/%s.md" % (INSTR, name), "%s/%s.zh-CN.md" % (INSTR, name)
        if "(instructor/%s.md)" % name not in readme:
            fail("docs/workshop/README.md does not link instructor/%s.md" % name)
        if not os.path.exists(os.path.join(source, zh_rel)):
            fail("%s has no twin %s" % (en_rel, zh_rel))
            continue
        en, zh = read(source, en_rel), read(source, zh_rel)
        if code_blocks(en) != code_blocks(zh):
            fail("%s: its code blocks differ from %s's" % (zh_rel, en_rel))
        if headings(en) != headings(zh):
            fail("%s: %d headings, %s has %d" % (zh_rel, headings(zh), en_rel, headings(en)))


# ---------------------------------------------------------------------------------------------
def write_transcripts(source, build):
    # TRANSCRIPT_CACHE=FILE keeps each command's output as it is captured, so that a second run
    # (after a timeout, or to redo one module) runs only what is not there yet.
    cache_file = os.environ.get("TRANSCRIPT_CACHE")
    cache = {}
    if cache_file and os.path.exists(cache_file):
        with open(cache_file) as f:
            cache = {k: tuple(v) for k, v in json.load(f).items()}
    tmp = scratch_root(source, build, "racelab-transcripts-")
    try:
        env = session_env(build)
        sections = []
        for page in modules(source):
            runs = []
            for cmd, _ in console_sessions(read(source, "docs/workshop/" + page)):
                if cmd in cache:
                    out, rc = cache[cmd]
                else:
                    p = subprocess.run(["bash", "-c", cmd], cwd=tmp, env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True, timeout=1800)
                    out = p.stdout.replace(tmp + "/", "").replace(tmp, ".")
                    out = out.replace(os.path.realpath(build), "build").replace(source + "/", "")
                    out, rc = out, p.returncode
                    if cache_file:
                        cache[cmd] = (out, rc)
                        with open(cache_file, "w") as f:
                            json.dump(cache, f)
                shown = cmd.replace("\n", "\\\n")
                runs.append("```text\n$ %s\n%s%s[exit %d]\n```" % (shown, out, "" if out.endswith("\n") or not out else "\n", rc))
                print("ran: %s (exit %d)" % (cmd.split("\n")[0], rc))
            sections.append((page, runs))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for lang in ("en", "zh"):
        if lang == "en":
            head = ("# Transcripts\n\nThe full output of every command the modules show, captured from real runs "
                    "on Debian 12 (thread ids, addresses, timings and some counts differ from run to "
                    "run). The modules show the key lines; `docs.instructor` checks that each "
                    "module's key lines appear here, and `docs.console.*` that the commands still "
                    "print them. Regenerate after changing a module's commands:\n\n"
                    "```sh\npython3 tests/docs/instructor_test.py write-transcripts \"$PWD\" \"$PWD/build\"\n```\n")
            sec = "## Module %d: `%s`\n"
        else:
            head = ("# 完整输出记录\n\n各模块所示每条命令的完整输出，取自 Debian 12 上的真实运行（线程号、地址、耗时和部分计数"
                    "每次运行都会不同）。模块页面只列出关键行；`docs.instructor` 检查每个模块的关键行都出现在这里，"
                    "`docs.console.*` 检查这些命令现在仍然打印它们。修改模块中的命令后重新生成：\n\n"
                    "```sh\npython3 tests/docs/instructor_test.py write-transcripts \"$PWD\" \"$PWD/build\"\n```\n")
            sec = "## 模块 %d：`%s`\n"
        body = head
        for page, runs in sections:
            body += "\n" + sec % (int(page[:2]), page) + "\n" + "\n\n".join(runs) + "\n"
        name = "transcripts.md" if lang == "en" else "transcripts.zh-CN.md"
        with open(os.path.join(source, INSTR, name), "w", encoding="utf-8") as f:
            f.write(body)


if __name__ == "__main__":
    mode, source = sys.argv[1], os.path.abspath(sys.argv[2])
    if mode == "write-transcripts":
        write_transcripts(source, os.path.abspath(sys.argv[3]))
        sys.exit(0)
    for check in (check_quiz, check_answer_keys, check_agenda, check_transcripts,
                  check_samples_placed, check_containerfile, check_twins_and_links):
        try:
            check(source)
        except FileNotFoundError as e:
            fail("%s: %s" % (check.__name__, e))
    for f in failures:
        print("FAIL " + f)
    if failures:
        sys.exit("error: %d problem(s) in the instructor's pack" % len(failures))
    print("ok: quiz, answer keys, agenda, transcripts, samples placed, Containerfile, twins")
