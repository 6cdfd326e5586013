"""Reads racelab's message catalog, cli/messages_*.def: RACELAB_MSG(id, "English", "中文"), each
text one or more adjacent C string literals. Shared by messages_test.py and i18n_test.py."""
import glob
import os
import re

LITERAL = r'"(?:[^"\\\n]|\\.)*"'
ENTRY = re.compile(r'RACELAB_MSG\(\s*(\w+)\s*,\s*((?:%s\s*)+),\s*((?:%s\s*)+)\)' % (LITERAL, LITERAL))


def unquote(literals):
    """The text of adjacent C string literals (the escapes the catalog uses: \\" \\\\ \\n \\uXXXX)."""
    out = ""
    for lit in re.findall(LITERAL, literals):
        body = lit[1:-1]
        out += re.sub(r'\\(u[0-9a-fA-F]{4}|.)',
                      lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "u"
                      else {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
    return out


def read(source_dir):
    """([(file, id, english, chinese)], number of RACELAB_MSG( occurrences)."""
    entries, calls = [], 0
    for path in sorted(glob.glob(os.path.join(source_dir, "cli", "messages_*.def"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        code = re.sub(r"^\s*//.*$", "", text, flags=re.M)
        calls += len(re.findall(r"\bRACELAB_MSG\(", code))
        for m in ENTRY.finditer(code):
            entries.append((os.path.relpath(path, source_dir), m.group(1), unquote(m.group(2)),
                            unquote(m.group(3))))
    return entries, calls
