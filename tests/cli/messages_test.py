#!/usr/bin/env python3
"""The CLI's message catalog in both languages (label `cli`): cli.messages.

  messages_test.py SOURCE_DIR

1. Every RACELAB_MSG of cli/messages_*.def is read (none the reader skips), ids are unique, and
   every id is used by the CLI's code (Msg::id).
2. Every message has both texts: the Chinese is not empty, differs from the English and has
   Chinese characters or punctuation in it, unless the message is one of the few that read the
   same in both (names, commands: SAME below); the two have the same {N} placeholders.
3. The Chinese follows docs/workshop/glossary.md: no rendering its "avoid" column lists, and a
   message whose English prose uses a glossary term uses one of the term's Chinese renderings
   (code, file and sample names such as std::atomic or 03-context-in-detached-thread are not
   prose).
4. Each samples/NN-*/lesson.json has a "zh-CN" object with every key of the English, under the
   same rules, and its page exists.
"""
import glob
import json
import os
import re
import sys

source = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import message_catalog  # noqa: E402

# Messages whose Chinese is the English: a tool's name, a command, a format.
SAME = {"tour_h_tsan", "ex_heading", "doc_build_hint"}
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
# A term the English uses in another sense than the glossary's, by (where, term): why.
OTHER_SENSE = {("samples/08-thread-local-trace-id/lesson.json zh-CN what_happened", "pool"):
               "the worker pool of the lesson's title (线程池), not an object pool",
               ("cli/messages_explain.def: ex_atomic", "atomic"):
               "the adjective of 原子读操作 and 原子写操作 (ex_read, ex_write)"}
# Code and names in prose: std::atomic, sync/atomic, c.copy(), 03-context-in-detached-thread.
CODE = re.compile(r"\S*(?:::|/|\.|\(\)|_|\d-|=)\S*")
failures = []


def fail(where, what):
    failures.append("%s: %s" % (where, what))


def placeholders(text):
    return sorted(set(re.findall(r"\{\d\}", text)))


def glossary():
    """[(english terms, chinese renderings, avoid)] from the glossary's table."""
    with open(os.path.join(source, "docs/workshop/glossary.md"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] == "English" or set(cells[0]) <= set("- "):
            continue
        english = [t.strip() for t in cells[0].split(" / ")]
        chinese = [re.sub(r"（.*?）", "", t).strip() for t in cells[1].split(" / ")]
        out.append((english, chinese, [t.strip() for t in cells[3].split(",") if t.strip()]))
    if len(out) < 20:
        sys.exit("error: read only %d glossary terms" % len(out))
    return out


GLOSSARY = glossary()
# Longest first, as docs.zh-CN does: "thread pool" is taken before "pool" looks.
TERMS = []
for english, chinese, _ in GLOSSARY:
    for i, term in enumerate(english):
        want = chinese  # "atomic" may be an atomic operation or an atomic variable
        stem = r"[- ]".join(re.escape(w) for w in re.split(r"[- ]", term))
        pattern = r"\b%s(?:y|ies)\b" % stem[:-1] if term.endswith("y") else r"\b%s(?:s|es)?\b" % stem
        if term == "copy":  # the noun, not the verb
            pattern = r"\b(?:a|the|its|one|each|own|this|that|every)\s+" + pattern
        TERMS.append((len(term), re.compile(pattern.replace("behaviour", "behaviou?r"), re.I), term, want))
TERMS.sort(key=lambda t: -t[0])


def check_words(where, english, chinese):
    for _, _, avoid in GLOSSARY:
        for bad in avoid:
            if bad in chinese:
                fail(where, "says %r, which the glossary avoids" % bad)
    text = CODE.sub(" ", english)
    for _, rx, term, want in TERMS:
        if rx.search(text):
            text = rx.sub(" _ ", text)
            if (where, term) not in OTHER_SENSE and not any(w in chinese for w in want):
                fail(where, "the English says %r; the Chinese never says %s" % (term, " or ".join(want)))


entries, calls = message_catalog.read(source)
if len(entries) != calls or calls < 100:
    fail("cli/messages_*.def", "read %d of %d RACELAB_MSG entries" % (len(entries), calls))
code = ""
for path in glob.glob(os.path.join(source, "cli", "*.cpp")) + glob.glob(os.path.join(source, "cli", "*.h")):
    with open(path, encoding="utf-8") as f:
        code += f.read()
seen = set()
for rel, mid, en, zh in entries:
    where = "%s: %s" % (rel, mid)
    if mid in seen:
        fail(where, "defined twice")
    seen.add(mid)
    if "Msg::%s" % mid not in code:
        fail(where, "no code uses Msg::%s" % mid)
    if not en.strip() or not zh.strip():
        fail(where, "a text is empty")
    if mid in SAME:
        if en != zh:
            fail(where, "is listed as the same in both languages, but differs")
    elif zh == en or not CJK.search(zh):
        fail(where, "the Chinese text %r is not Chinese" % zh)
    if placeholders(en) != placeholders(zh):
        fail(where, "placeholders %s in English, %s in Chinese" % (placeholders(en), placeholders(zh)))
    check_words(where, en, zh)

lessons = sorted(glob.glob(os.path.join(source, "samples", "[0-9][0-9]-*", "lesson.json")))
for path in lessons:
    rel = os.path.relpath(path, source)
    with open(path, encoding="utf-8") as f:
        lesson = json.load(f)
    zh = lesson.get("zh-CN")
    if not isinstance(zh, dict):
        fail(rel, "has no \"zh-CN\" object")
        continue
    for key in ("title", "what_happened", "cure", "page"):
        if key not in zh or not zh[key]:
            fail(rel, "zh-CN has no %s" % key)
        elif key != "page":
            if not CJK.search(zh[key]):
                fail(rel, "zh-CN %s has no Chinese in it" % key)
            check_words(rel + " zh-CN " + key, lesson.get(key, ""), zh[key])
    if zh.get("page") and not os.path.exists(os.path.join(source, zh["page"])):
        fail(rel, "zh-CN page %s does not exist" % zh["page"])

for f in failures:
    print(f)
if failures:
    sys.exit("error: %d problem(s) in the message catalog" % len(failures))
print("ok: %d messages in English and Chinese, %d lessons, %d glossary terms"
      % (len(entries), len(lessons), len(GLOSSARY)))
