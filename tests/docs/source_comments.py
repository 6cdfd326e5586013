"""The comments of the workshop's exercise and solution sources, as docs.zh-CN reads them.

A source carries its instructions in comments, once in English and then in Chinese, in the same
file (a Chinese copy of the file would let the code drift). A comment paragraph is a run of
full-line comments (`//` or `///` in C++, `#` in .clang-tidy and CMake files) that code, a blank
line, an empty comment line or a marker line ends (`// EXPECT: tsan`: an upper-case word and a
colon, read by tools, never translated). The header is every paragraph before the first line of
code. A paragraph is an instruction when it is in the header or has at least two lines; it is
translated when a line with Chinese comes after its last line of English prose (a line with at
least three plain English words: commands, paths and expected output lines have fewer).
"""
import re

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
MARKER = re.compile(r"^[A-Z][A-Z-]*:")
WORD = re.compile(r"^[A-Za-z]+(?:['-][A-Za-z]+)*$")


def comment_syntax(path):
    """The full-line comment prefix of a source file by its name, or None for other files."""
    name = path.rsplit("/", 1)[-1]
    if re.search(r"\.(cpp|cc|h|hpp)$", name):
        return "//"
    if name in (".clang-tidy", "CMakeLists.txt") or name.endswith(".cmake"):
        return "#"
    return None


def is_prose(text):
    words = [t.strip("()[],.;:!?\"'*`") for t in text.split()]
    return sum(1 for w in words if WORD.match(w)) >= 3


def paragraphs(text, prefix):
    """[(first line number, [comment texts], in_header)] of the file's comment paragraphs."""
    out, current, start, header = [], [], 0, True

    def close():
        if current:
            out.append((start, list(current), header))
            current.clear()

    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped.startswith(prefix):
            close()
            if stripped:
                header = False  # the first line of code ends the header
            continue
        body = stripped.lstrip(prefix[0]).strip()
        if not body or MARKER.match(body):
            close()
            continue
        if not current:
            start = number
        current.append(body)
    close()
    return out


def untranslated(text, prefix):
    """[(line number, first words)] of the instruction paragraphs with no Chinese after their
    last line of English prose."""
    bad = []
    for start, lines, in_header in paragraphs(text, prefix):
        if not in_header and len(lines) < 2:
            continue
        prose = [i for i, l in enumerate(lines) if is_prose(l) and not CJK.search(l)]
        if prose and not any(CJK.search(l) for l in lines[prose[-1] + 1:]):
            bad.append((start, " ".join(lines[0].split()[:8])))
    return bad
