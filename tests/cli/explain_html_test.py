#!/usr/bin/env python3
"""Tests of `racelab explain --html` and `racelab run --html` (label `cli`):

  explain_html_test.py structure   the page's timelines on real logs of each kind (lanes, marks,
                                   edges, file:line texts), every log of the corpus well-formed,
                                   a hostile log escaped
  explain_html_test.py minigin     plain `explain` of a real run of sample 03 names the sample's
                                   lines, not minigin's
  explain_html_test.py browser     pages from a real run of sample 03 and a Go log in headless
                                   Chromium: the user's file:line as text, a screenshot that is not
                                   blank and shows the red edge, no console error, no request,
                                   nothing wider than a narrow screen but the pictures' own scroll
                                   boxes, printed within an A5 page; screenshots and PDFs kept in
                                   BUILD_DIR/explain-html-test/

Environment: RACELAB (the binary), SOURCE_DIR, BUILD_DIR. `browser` exits 77 (ctest: skipped)
only when chromium or python3-websocket is not installed.
"""
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

RACELAB = os.environ["RACELAB"]
SOURCE = os.environ["SOURCE_DIR"]
BUILD = os.environ.get("BUILD_DIR", tempfile.gettempdir())
KINDS = os.path.join(SOURCE, "tests/cli/tsan_kinds/logs")
GO_KINDS = os.path.join(SOURCE, "tests/cli/go_kinds/logs")
SVG = "{http://www.w3.org/2000/svg}"
SKIP = 77


def fail(msg, text=""):
    if text:
        print(text[-3000:])
    sys.exit("error: " + msg)


def racelab(args, stdin=None):
    p = subprocess.run([RACELAB] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail("racelab %s: exit %d" % (" ".join(args), p.returncode),
             (p.stdout + p.stderr).decode(errors="replace"))
    return p.stdout.decode(errors="replace")


def page_of(log_path=None, data=None):
    """The page explain --html writes for a log file (or bytes on stdin), parsed as XML: the
    page is well-formed, so a string from the log that broke out of its text would show."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "page.html")
        racelab(["explain", "--html", out, log_path or "-"], stdin=data)
        with open(out, "rb") as f:
            raw = f.read()
    try:
        return ET.fromstring(raw), raw.decode("utf-8")
    except (ET.ParseError, UnicodeDecodeError) as e:
        fail("%s: the page is not well-formed: %s" % (log_path or "stdin", e),
             raw.decode(errors="replace"))


def text_of(el):
    return "".join(el.itertext())


def problems(root):
    return [s for s in root.iter("section") if s.get("class") == "problem"]


def svg_parts(section):
    svg = section.find(".//" + SVG + "svg")
    if svg is None:
        fail("a problem without its timeline", ET.tostring(section, encoding="unicode"))
    lanes = [g.get("data-thread") for g in svg.iter(SVG + "g") if g.get("class") == "lane"]
    events = [g for g in svg.iter(SVG + "g") if g.get("class") == "event"]
    edges = [text_of(g.find(SVG + "text")) for g in svg.iter(SVG + "g") if g.get("class") == "edge"]
    return svg, lanes, events, edges


def event_texts(event):
    return {t.get("class"): text_of(t) for t in event.iter(SVG + "text")}


def expect(cond, what, context=""):
    if not cond:
        fail(what, context)


def t_data_race():
    root, raw = page_of(os.path.join(KINDS, "data_race.clang.log"))
    summary = "1 report, 1 distinct problem: data_race.cpp:12 \u2194 data_race.cpp:8"
    expect(text_of(root.find(".//p[@id='summary']")) == summary, "the summary on top", raw)
    (section,) = problems(root)
    svg, lanes, events, edges = svg_parts(section)
    expect(lanes == ["main thread", "T1"], "one lane per thread: %s" % lanes, raw)
    kinds = [(e.get("data-kind"), e.get("data-lane"), event_texts(e).get("place")) for e in events]
    want = [("created", "T1", "data_race.cpp:7"), ("access", "T1", "data_race.cpp:8"),
            ("access", "main thread", "data_race.cpp:12")]
    expect(kinds == want, "the creation, then the two accesses oldest first: %s" % kinds, raw)
    expect(event_texts(events[1])["label"] == "write of 4 bytes" and
           event_texts(events[2])["label"] == "read of 4 bytes", "read/write and size", raw)
    src = event_texts(events[2]).get("src", "")
    expect(src.endswith("\u2026") and "std::printf(\"read %d\\n\", shared_value);".startswith(src[:-1]),
           "the source line under the mark, cut to its column: %r" % src, raw)
    expect(edges == ["no happens-before"], "the missing edge: %s" % edges, raw)
    spawn = [l for l in svg.iter(SVG + "line") if l.get("class") == "spawn"]
    expect(len(spawn) == 1, "the main thread creating T1", raw)
    expect(svg.find(SVG + "title") is not None and "T1" in text_of(svg.find(SVG + "desc")),
           "the picture's title and description", raw)
    marked = [text_of(m) for m in section.iter("mark")]
    expect([m.split(" ")[0] for m in marked] == ["7", "8", "12"] and "shared_value" in marked[2],
           "each event's line highlighted in its excerpt: %s" % marked, raw)
    expect("What happened" in text_of(section) and "The cure" in text_of(section),
           "what happened and the cure", raw)


def t_kinds():
    root, raw = page_of(os.path.join(KINDS, "lock_order.clang.log"))
    svg, lanes, events, edges = svg_parts(problems(root)[0])
    expect(lanes == ["main thread", "T1", "T2"], "lock order: lanes %s" % lanes, raw)
    locks = [event_texts(e) for e in events if e.get("data-kind") == "lock"]
    expect([l["place"] for l in locks] == ["lock_order.cpp:8", "lock_order.cpp:13"] and
           locks[0]["held"] == "mutex M0 held", "lock order: each thread's lock: %s" % locks, raw)
    expect(sorted(edges) == ["waits for M0", "waits for M1"], "the cycle: %s" % edges, raw)
    expect("Cycle in lock order graph: M0 => M1 => M0" in text_of(svg), "the cycle's caption", raw)

    root, raw = page_of(os.path.join(KINDS, "use_after_free.clang.log"))
    svg, lanes, events, edges = svg_parts(problems(root)[0])
    free = [event_texts(e)["place"] for e in events if e.get("data-kind") == "free"]
    expect(free == ["use_after_free.cpp:8"] and
           edges == ["no happens-before: used after the free"], "the free and the use", raw)

    root, raw = page_of(os.path.join(KINDS, "thread_leak.gcc.log"))
    svg, lanes, events, edges = svg_parts(problems(root)[0])
    expect([(e.get("data-kind"), e.get("data-lane")) for e in events] ==
           [("created", "T1"), ("leak", "T1")], "a leaked thread: created, never joined", raw)

    root, raw = page_of(os.path.join(KINDS, "locked_mutex_destroy.clang.log"))
    svg, lanes, events, edges = svg_parts(problems(root)[0])
    expect(edges == ["still locked"] and [event_texts(e)["place"] for e in events][-2:] ==
           ["locked_mutex_destroy.cpp:6", "locked_mutex_destroy.cpp:7"],
           "destroy of a locked mutex: locked, then destroyed", raw)

    root, raw = page_of(os.path.join(GO_KINDS, "gin_context.race.log"))
    sections = problems(root)
    svg, lanes, events, edges = svg_parts(sections[0])
    places = [event_texts(e)["place"] for e in events]
    expect(len(sections) == 2 and lanes == ["main goroutine", "goroutine 8"] and
           places == ["gin_context.go:18", "gin_context.go:26", "gin_context.go:20"] and
           edges == ["no happens-before"], "Go: goroutine lanes, %s %s" % (lanes, places), raw)
    expect("c.Copy()" in text_of(sections[0]), "Gin's cure", raw)

    root, raw = page_of(os.path.join(GO_KINDS, "map_fatal.log"))
    svg, lanes, events, edges = svg_parts(problems(root)[0])
    expect(lanes == ["goroutine 1", "goroutine 3"] and len(edges) == 1 and
           "map_fatal.go:8" in text_of(svg) and "map_fatal.go:12" in text_of(svg),
           "Go's fatal map error: %s %s" % (lanes, edges), raw)


def t_corpus():
    logs = sorted(glob.glob(os.path.join(KINDS, "*.log")) + glob.glob(os.path.join(GO_KINDS, "*.log")))
    for path in logs:
        root, raw = page_of(path)
        for section in problems(root):
            svg, lanes, events, edges = svg_parts(section)
            expect(lanes and events, "%s: a timeline with lanes and events" % path, raw)
    print("%d logs: well-formed pages, a timeline per problem" % len(logs))


def t_escaping():
    evil_fn = "evil<script>alert(\"x\")</script>&amp;'q'"
    evil_file = "/tmp/<text><b>&\"it's\"<svg>.cpp"
    log = ("WARNING: ThreadSanitizer: data race (pid=1)\n"
           "  Write of size 4 at 0x1 by thread T1 (mutexes: write M0):\n"
           "    #0 %s %s:3:5 (a.out+0x1)\n\n"
           "  Previous read of size 4 at 0x1 by main thread:\n"
           "    #0 main /tmp/a&amp;b.cpp:7:3 (a.out+0x2)\n\n"
           "<img src=x onerror=alert(1)> it's \"quoted\" \x01\n"
           "  Thread T1 (tid=2, running) created by main thread at:\n"
           "    #0 main /tmp/a&amp;b.cpp:6:3 (a.out+0x3)\n\n"
           "SUMMARY: ThreadSanitizer: data race\n" % (evil_fn, evil_file))
    # Bytes that are not UTF-8 in a function's name: replaced, the page stays UTF-8.
    root, raw = page_of(data=log.encode().replace(b"evil<", b"ev\xff\xfeil<"))
    tags = {el.tag for el in root.iter()}
    expect(not {"script", "img", "b"} & tags and SVG + "b" not in tags,
           "no element from the log: %s" % sorted(tags), raw)
    text = text_of(root)
    for s in (evil_fn.replace("evil", "ev\ufffd\ufffdil"), "<text><b>&\"it's\"<svg>.cpp:3", "a&amp;b.cpp:7",
              "<img src=x onerror=alert(1)> it's \"quoted\"", "mutex M0 (write) held"):
        expect(s in text, "shown as text: %r" % s, raw)
    expect("not found on this machine" in text, "a source file not found is said so", raw)


def t_minigin_frames():
    """Plain explain of a real run of sample 03 (no sample directory to prefer): minigin's
    frames are the framework's, the user's lines are the sample's."""
    raw = racelab(["run", "03", "--raw"])
    tops = re.findall(r"#0 .* (\S*mini-framework/\S+):\d+", raw)
    expect(tops, "run 03's report has a top frame in minigin", raw)
    out = racelab(["explain", "--format", "json", "-"], stdin=raw.encode())
    j = json.loads(out)
    expect(re.match(r"^\d+ reports?, 1 distinct problem: racy\.cpp:36 \u2194 racy\.cpp:40$",
                    j["summary"]), "explain names racy.cpp, not minigin: %r" % j["summary"], out)


def t_structure():
    t_data_race()
    t_kinds()
    t_corpus()
    t_escaping()


# ------------------------------------------------------------------------------ the browser
def png_pixels(data):
    """(width, height, set of colours) of an 8-bit RGB/RGBA non-interlaced PNG (Chromium's)."""
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG")
    pos, idat, head = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = head
    expect(depth == 8 and colour in (2, 6) and interlace == 0, "an 8-bit RGB(A) PNG: %s" % (head,))
    bpp = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(idat), width * bpp
    prev, colours = bytearray(stride), set()
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return width, height, colours


def page_problems(events):
    found = []
    for e in events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            found.append("console error: %s" % p.get("args"))
        elif m == "Runtime.exceptionThrown":
            found.append("uncaught exception: %s" % p.get("exceptionDetails", {}).get("text"))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            found.append("browser error: %s" % p["entry"].get("text"))
        elif m == "Network.requestWillBeSent" and \
                not p.get("request", {}).get("url", "").startswith(("file:", "data:")):
            found.append("a request: %s" % p["request"]["url"])
    return found


def check_in_browser(tab, page, place, shot):
    events = tab.open("file://" + page, ready=None)
    for problem in page_problems(events):
        fail("%s: %s" % (page, problem))
    svg_text = tab.evaluate("Array.from(document.querySelectorAll('svg text'))"
                            ".map(t => t.textContent).join('\\n')")
    body = tab.evaluate("document.body.innerText")
    expect(place in svg_text.split("\n") and place in body,
           "%s: %s drawn and written" % (page, place), body)
    tab.screenshot(shot)
    with open(shot, "rb") as f:
        width, height, colours = png_pixels(f.read())
    red = [c for c in colours if c[0] > 170 and c[1] < 70 and c[2] < 70]
    print("%s: %dx%d, %d colours, %d reds" % (os.path.basename(shot), width, height,
                                              len(colours), len(red)))
    expect(len(colours) > 16 and red, "%s: a blank screenshot or no red edge" % shot)
    # A narrow screen: the page fits, only the pictures' boxes scroll.
    tab.call("Emulation.setDeviceMetricsOverride",
             {"width": 380, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        wide = tab.evaluate("document.documentElement.scrollWidth")
        expect(wide <= 381, "%s: %d px wide on a 380 px screen" % (page, wide))
    finally:
        tab.call("Emulation.clearDeviceMetricsOverride")
    # Printed on A5 (about 480 CSS pixels between the margins): nothing wider than the page, the
    # pictures scaled to fit it (on screen they keep 640 pixels and scroll).
    tab.call("Emulation.setEmulatedMedia", {"media": "print"})
    tab.call("Emulation.setDeviceMetricsOverride",
             {"width": 480, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        wide = tab.evaluate("Math.max(document.documentElement.scrollWidth, ...Array.from("
                            "document.querySelectorAll('svg')).map(s => s.getBoundingClientRect().right))")
        expect(wide <= 481, "%s: %d px wide printed on 480" % (page, wide))
        tab.print_pdf(shot[:-len(".png")] + ".pdf")
    finally:
        tab.call("Emulation.clearDeviceMetricsOverride")
        tab.call("Emulation.setEmulatedMedia", {"media": ""})


def t_browser():
    sys.path.insert(0, os.path.join(SOURCE, "docs", "site"))
    import browser  # docs/site/browser.py: Chromium over the DevTools protocol
    import importlib.util
    if browser.chromium_command() is None or importlib.util.find_spec("websocket") is None:
        print("SKIP: chromium or python3-websocket is not installed (scripts/bootstrap --test)")
        sys.exit(SKIP)
    out = os.path.join(BUILD, "explain-html-test")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    cxx, go = os.path.join(out, "run-03.html"), os.path.join(out, "gin-context.html")
    racelab(["run", "03", "--html", cxx])
    racelab(["explain", "--html", go, os.path.join(GO_KINDS, "gin_context.race.log")])
    tab = browser.Browser()
    try:
        check_in_browser(tab, cxx, "racy.cpp:36", os.path.join(out, "run-03.png"))
        check_in_browser(tab, go, "gin_context.go:20", os.path.join(out, "gin-context.png"))
    finally:
        tab.close()
    print("pages and screenshots in " + out)


TESTS = {"structure": t_structure, "minigin": t_minigin_frames, "browser": t_browser}

if __name__ == "__main__":
    TESTS[sys.argv[1]]()
