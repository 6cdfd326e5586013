#!/usr/bin/env python3
"""The course's Chinese twins (issue 15, part 2): docs.zh-CN.

  zh_cn_test.py SOURCE_DIR

(a) Every English page of docs/workshop/ (any depth) and every samples/*/README.md and
    samples/README.md has its twin NAME.zh-CN.md beside it, unless the page is listed in
    tests/docs/zh-CN-pending.txt (the pages still being translated; the list shrinks to empty, and
    a listed page that has its twin is an error: take it off the list).
(b) A twin keeps what must not be translated: the same ```console blocks byte for byte (they run
    as the English ones do: docs.console.* runs the English pages), the same other code blocks,
    Mermaid diagrams with the same structure (node and message text may be translated), the same
    sequence of heading levels, every inline `code` span of the English page, and the same link
    targets, where a link to X.md points to X.zh-CN.md when that twin exists.
(c) The glossary (docs/workshop/glossary.md) holds: no Chinese page uses a rendering its "avoid"
    column lists, and when an English page uses a term in its prose, the twin uses the term's
    Chinese rendering.
(d) The exercise and solution sources (docs/workshop/{exercises,solutions}/, any depth: C++,
    .clang-tidy and CMake files) say their instructions in both languages in the same file: every
    header comment and every comment paragraph of two lines or more has Chinese after its last
    line of English prose (source_comments.py says what a paragraph is), and no source uses a
    rendering the glossary's "avoid" column lists.
"""
import glob
import os
import re
import sys

from source_comments import comment_syntax, untranslated

source = sys.argv[1]
PENDING = "tests/docs/zh-CN-pending.txt"
failures = []


def fail(rel, what):
    failures.append("%s: %s" % (rel, what))


def read(rel):
    with open(os.path.join(source, rel), encoding="utf-8") as f:
        return f.read()


def twin_of(rel):
    return rel[:-len(".md")] + ".zh-CN.md"


def split(text):
    """Returns (prose lines outside fences, [(info string, block text)])."""
    prose, blocks, fence, body = [], [], None, []
    for line in text.split("\n"):
        if fence is None:
            m = re.match(r"^```(\S*)\s*$", line)
            if m:
                fence, body = m.group(1), []
            else:
                prose.append(line)
        elif line.rstrip() == "```":
            blocks.append((fence, "\n".join(body)))
            fence = None
        else:
            body.append(line)
    if fence is not None:
        blocks.append((fence, "\n".join(body) + "\n<unclosed fence>"))
    return prose, blocks


INLINE_CODE = re.compile(r"`((?:[^`\n]|\n(?!\s*\n))+)`")  # a span may wrap, not cross a paragraph


def inline_code(prose):
    return {" ".join(c.split()) for c in INLINE_CODE.findall("\n".join(prose))}


LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")


def links(prose):
    text = INLINE_CODE.sub("", "\n".join(prose))
    return LINK.findall(text)


def mermaid_skeleton(block):
    """A diagram's structure: node ids, arrows and statement kinds, without the words."""
    out = []
    for line in block.split("\n"):
        s = re.sub(r'"[^"]*"', '""', line.strip())
        if s.startswith("participant "):
            s = " ".join(s.split()[:2])
        s = re.sub(r"--\s+[^-\s][^\n]*?\s+-->", "-->", s)  # edge labels: A -- yes --> B
        s = re.sub(r"\|[^|]*\|", "||", s)  # edge labels: A -->|yes| B
        s = s.split(":", 1)[0].rstrip()  # message and note text
        out.append(s)
    return out


def page_links_ok(rel, zh_rel, en_prose, zh_prose):
    base = os.path.dirname(rel)
    expected = []
    for target in links(en_prose):
        path, _, anchor = target.partition("#")
        if path.endswith(".zh-CN.md"):
            expected.append(path[:-len(".zh-CN.md")] + ".md")  # the switch to the other language
            continue
        if path.endswith(".md") and "://" not in path:
            resolved = os.path.normpath(os.path.join(base, path))
            if os.path.exists(os.path.join(source, twin_of(resolved))):
                # The twin's headings are Chinese, so its anchors differ: only the file is compared.
                expected.append(twin_of(path))
                continue
        expected.append(target)
    actual = []
    for target in links(zh_prose):
        path, _, anchor = target.partition("#")
        if path.endswith(".zh-CN.md") and "://" not in path:
            actual.append(path)
        else:
            actual.append(target)
        if path and "://" not in path and not path.startswith("mailto:"):
            if not os.path.exists(os.path.normpath(os.path.join(source, base, path))):
                fail(zh_rel, "links to %s, which does not exist" % path)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing or extra:
        fail(zh_rel, "link targets differ from %s: missing %s, not in the English page %s"
             % (rel, missing, extra))


def compare(rel, zh_rel):
    en, zh = read(rel), read(zh_rel)
    en_prose, en_blocks = split(en)
    zh_prose, zh_blocks = split(zh)
    for kind, pick in (("```console", lambda b: b[0] == "console"),
                       ("code (not console, not mermaid)", lambda b: b[0] not in ("console", "mermaid"))):
        e = [b for b in en_blocks if pick(b)]
        z = [b for b in zh_blocks if pick(b)]
        if e != z:
            n = len(e) if len(e) != len(z) else next(i for i in range(len(e)) if e[i] != z[i])
            fail(zh_rel, "%s blocks differ from %s (%d vs %d blocks; first difference at block %d)"
                 % (kind, rel, len(e), len(z), n + 1))
    e = [mermaid_skeleton(b[1]) for b in en_blocks if b[0] == "mermaid"]
    z = [mermaid_skeleton(b[1]) for b in zh_blocks if b[0] == "mermaid"]
    if e != z:
        fail(zh_rel, "Mermaid diagrams do not have the structure of %s's: %r vs %r" % (rel, e, z))
    levels = lambda prose: [len(m.group(1)) for m in (re.match(r"^(#{1,6}) ", l) for l in prose) if m]
    if levels(en_prose) != levels(zh_prose):
        fail(zh_rel, "heading levels %s differ from %s's %s" % (levels(zh_prose), rel, levels(en_prose)))
    lost = sorted(inline_code(en_prose) - inline_code(zh_prose))
    if lost:
        fail(zh_rel, "inline code of %s missing: %s" % (rel, ", ".join("`%s`" % c for c in lost)))
    page_links_ok(rel, zh_rel, en_prose, zh_prose)
    return en_prose, zh


# The glossary: | English | 中文 | definition | avoid |
glossary = []
for line in split(read("docs/workshop/glossary.md"))[0]:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if not line.startswith("|") or len(cells) != 4 or cells[0] == "English" or set(cells[0]) <= set("- "):
        continue
    english = [t.strip() for t in cells[0].split(" / ")]
    chinese = [re.sub(r"（.*?）", "", t).strip() for t in cells[1].split(" / ")]
    avoid = [t.strip() for t in cells[3].split(",") if t.strip()]
    glossary.append((english, chinese, avoid))
if len(glossary) < 20:
    sys.exit("error: docs/workshop/glossary.md: read only %d terms from its table" % len(glossary))
# Words that are also common verbs count only as nouns ("a copy", not "copy what you need").
NOUN_ONLY = {"copy": r"(?:\b(?:a|the|its|one|each|own|this|that|every|second|minigin's|gin's)\s+)"}
# Longest first, so that "thread pool" is taken before "pool" looks.
patterns = []
for english, chinese, _ in glossary:
    for i, term in enumerate(english):
        want = [chinese[i]] if len(chinese) == len(english) else chinese
        words = [re.escape(w) for w in re.split(r"[- ]", term)]
        stem = r"[- ]".join(words)
        pattern = r"\b%s(?:s|es)?\b" % stem
        if term.endswith("y"):
            pattern = r"\b%s(?:y|ies)\b" % stem[:-1]
        if term in NOUN_ONLY:
            pattern = NOUN_ONLY[term] + pattern
        pattern = pattern.replace("behaviour", "behaviou?r")
        patterns.append((len(term), term, re.compile(pattern, re.I), want))
patterns.sort(key=lambda p: -p[0])


def terms_ok(rel, zh_rel, en_prose, zh):
    text = "\n".join(en_prose)
    text = INLINE_CODE.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are file names
    for _, term, rx, want in patterns:
        if rx.search(text):
            text = rx.sub(" _ ", text)  # taken: a shorter term must not match across the gap
            if not any(w in zh for w in want):
                fail(zh_rel, "%s says %r; the twin never says %s (docs/workshop/glossary.md)"
                     % (rel, term, " or ".join(want)))


english_pages = sorted(
    [p for p in glob.glob("docs/workshop/**/*.md", root_dir=source, recursive=True)
     if not p.endswith(".zh-CN.md")]
    + glob.glob("samples/*/README.md", root_dir=source) + ["samples/README.md"])
pending = [l.split("#")[0].strip() for l in read(PENDING).split("\n")]
pending = [p for p in pending if p]
for p in pending:
    if p not in english_pages:
        fail(PENDING, "lists %s, which is not an English page of the course" % p)
    elif os.path.exists(os.path.join(source, twin_of(p))):
        fail(PENDING, "lists %s, whose twin %s exists: take it off the list" % (p, twin_of(p)))

checked = 0
for rel in english_pages:
    zh_rel = twin_of(rel)
    if not os.path.exists(os.path.join(source, zh_rel)):
        if rel not in pending:
            fail(rel, "has no Chinese twin %s (translate it, or list it in %s while it is being translated)"
                 % (zh_rel, PENDING))
        continue
    en_prose, zh = compare(rel, zh_rel)
    terms_ok(rel, zh_rel, en_prose, zh)
    checked += 1

zh_pages = sorted(glob.glob("docs/workshop/**/*.zh-CN.md", root_dir=source, recursive=True)
                  + glob.glob("samples/**/*.zh-CN.md", root_dir=source, recursive=True))
for zh_rel in zh_pages:
    if zh_rel[:-len(".zh-CN.md")] + ".md" not in english_pages:
        fail(zh_rel, "is a twin of no English page")
    if zh_rel == "docs/workshop/glossary.zh-CN.md":
        continue  # it lists the renderings to avoid
    zh = read(zh_rel)
    for english, _, avoid in glossary:
        for bad in avoid:
            if bad in zh:
                fail(zh_rel, "says %r; the glossary's term for %r is not that" % (bad, english[0]))

# The reader of (d) must see an English-only header, or (d) could never fail.
if untranslated("// Exercise 0: an English header\n// of two lines.\nint x;\n", "//") != [
        (1, "Exercise 0: an English header")] or untranslated("// An English line.\n// 一行中文。\n", "//"):
    sys.exit("error: source_comments.untranslated does not tell an English-only header from a bilingual one")
sources = sorted(p for kind in ("exercises", "solutions")
                 for p in glob.glob("docs/workshop/%s/**/*" % kind, root_dir=source, recursive=True)
                 + glob.glob("docs/workshop/%s/**/.*" % kind, root_dir=source, recursive=True)
                 if comment_syntax(p) and os.path.isfile(os.path.join(source, p)))
if not sources:
    fail("docs/workshop", "no exercise or solution sources found")
for rel in sources:
    text = read(rel)
    for line, words in untranslated(text, comment_syntax(rel)):
        fail("%s:%d" % (rel, line), "the comment %r... has no Chinese after its English (add the "
             "Chinese right after it, in the same file)" % words)
    for english, _, avoid in glossary:
        for bad in avoid:
            if bad in text:
                fail(rel, "says %r; the glossary's term for %r is not that" % (bad, english[0]))

for f in failures:
    print(f)
if failures:
    sys.exit("error: %d problem(s) in the Chinese twins" % len(failures))
print("ok: %d twins checked against their English pages and the glossary (%d terms); %d pages pending; "
      "%d exercise and solution sources bilingual" % (checked, len(glossary), len(pending), len(sources)))
