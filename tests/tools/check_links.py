#!/usr/bin/env python3
"""Every relative link in the repository's Markdown files resolves: the file exists and, when
the link has a #fragment, the target page has a heading with that GitHub-style anchor, or an
explicit `<a id="...">` (a translated page keeps its English anchors that way)."""
import os
import re
import sys

root = sys.argv[1]
skip_dirs = {".git", "build", "node_modules"}
link_re = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^)\s]+)\)")


def anchors(path):
    out = set()
    seen = {}
    in_code = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            out.update(re.findall(r'<a\s+(?:id|name)="([^"]+)"', line))
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m and not in_code:
            a = m.group(1).strip().lower()
            a = re.sub(r"[^\w\- ]", "", a).replace(" ", "-")
            n = seen.get(a, 0)
            seen[a] = n + 1
            out.add(a if n == 0 else "%s-%d" % (a, n))
    return out


errors = []
count = 0
for dirpath, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if d not in skip_dirs and not d.startswith("build-")]
    for f in files:
        if not f.endswith(".md"):
            continue
        page = os.path.join(dirpath, f)
        text = open(page, encoding="utf-8").read()
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        for m in link_re.finditer(text):
            target = m.group(1) or m.group(2)
            if re.match(r"^[a-z]+:", target) or target.startswith("//"):
                continue  # external: not checked offline
            count += 1
            path, _, frag = target.partition("#")
            dest = os.path.normpath(os.path.join(dirpath, path)) if path else page
            if not os.path.exists(dest):
                errors.append("%s: broken link %s" % (os.path.relpath(page, root), target))
            elif frag and dest.endswith(".md") and frag not in anchors(dest):
                errors.append("%s: no heading for #%s in %s" % (os.path.relpath(page, root), frag, path or f))
for e in errors:
    print(e)
print("%d links checked, %d broken" % (count, len(errors)))
sys.exit(1 if errors else 0)
