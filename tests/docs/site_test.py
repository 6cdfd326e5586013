#!/usr/bin/python3
"""The workshop as a site (issue 15, part 4): docs.site.

  site_test.py SOURCE_DIR BUILD_DIR

Builds both sites and the handouts with scripts/site into BUILD_DIR/site (mkdocs in strict mode:
a broken link fails), serves them on 127.0.0.1 (a port the kernel picks) and opens every page in
headless Chromium through the DevTools protocol. Each page must load with no console error, no
uncaught exception, no failed request and no request off this machine (no CDN), and show every
```mermaid block of its source as an <svg> with text (not the Mermaid source, not Mermaid's error
picture). The language menu of each page must lead to the same page in the other language. The
handouts must be PDFs of at least one page per module. Screenshots of two pages per language are
kept in BUILD_DIR/site-test/ as the test's artifacts.

Exits 77 (ctest: skipped) only when a package it needs is not installed (mkdocs,
mkdocs-material, chromium, python3-websocket, npm); any other problem fails.
"""
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

SKIP = 77
source, build = sys.argv[1], sys.argv[2]
artifacts = os.path.join(build, "site-test")
failures = []


def fail(where, what):
    failures.append("%s: %s" % (where, what))


def missing_packages():
    missing = []
    if shutil.which("mkdocs") is None:
        missing.append("mkdocs")
    if not os.path.isdir("/usr/share/mkdocs/themes/material"):
        missing.append("mkdocs-material")
    if shutil.which("chromium") is None:
        missing.append("chromium")
    if importlib.util.find_spec("websocket") is None:
        missing.append("python3-websocket")
    if shutil.which("npm") is None and not glob.glob(os.path.join(build, "site-cache", "*.tgz")):
        missing.append("npm")
    return missing


missing = missing_packages()
if missing:
    print("SKIP: not installed: %s (scripts/bootstrap --test installs them)" % " ".join(missing))
    sys.exit(SKIP)

# ------------------------------------------------------------------------------- the build
t0 = time.monotonic()
r = subprocess.run([sys.executable, os.path.join(source, "scripts", "site"), "--build-dir", build],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
print(r.stdout, end="")
if r.returncode != 0:
    print("FAIL: scripts/site exited %d" % r.returncode)
    sys.exit(1)
print("built in %.1f s" % (time.monotonic() - t0))
site = os.path.join(build, "site")
workshop = os.path.join(source, "docs", "workshop")


def page_source(lang, html_rel):
    """The Markdown a built page comes from (None: a generated page)."""
    if html_rel == "handout.html":
        return None
    stem = html_rel[:-len(".html")]
    candidates = [stem + ".md"] if os.path.basename(stem) != "index" else \
        [os.path.join(os.path.dirname(stem), "README.md")]
    for rel in candidates:
        en = os.path.join(workshop, rel)
        zh = en[:-len(".md")] + ".zh-CN.md"
        path = zh if lang == "zh-CN" and os.path.exists(zh) else en
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return f.read()
    return None


def mermaid_blocks(markdown):
    return re.findall(r"^\s*```mermaid\s*\n(.*?)^\s*```\s*$", markdown, re.M | re.S)


# ------------------------------------------------------------------------------ the pages
sys.path.insert(0, os.path.join(source, "docs", "site"))
import browser  # noqa: E402  (docs/site/browser.py: Chromium over the DevTools protocol)


def problems(events):
    """Console errors, exceptions, failed requests and requests off 127.0.0.1 among events."""
    found = []
    requests = {}
    for e in events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            found.append("console error: " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            found.append("uncaught exception: %s %s" % (
                d.get("text", ""), d.get("exception", {}).get("description", "")))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            found.append("browser error: %s %s" % (p["entry"].get("text"),
                                                   p["entry"].get("url", "")))
        elif m == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            requests[p.get("requestId")] = url
            host = urllib.parse.urlsplit(url).hostname
            if url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
                found.append("request off this machine: " + url)
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            found.append("request failed: %s (%s)" % (requests.get(p.get("requestId"), "?"),
                                                       p.get("errorText")))
        elif m == "Network.responseReceived" and p.get("response", {}).get("status", 200) >= 400:
            found.append("HTTP %s for %s" % (p["response"]["status"], p["response"]["url"]))
    return found


# The drawn words: <text> and <foreignObject> labels (an <svg> also holds a <style> with text).
DIAGRAMS_JS = """(() => Array.from(document.querySelectorAll('div.rl-mermaid')).map(d => {
  const svg = d.querySelector('svg');
  return {svg: !!svg,
          error: !!svg && (svg.getAttribute('aria-roledescription') || '') === 'error',
          text: svg ? Array.from(svg.querySelectorAll('text, foreignObject'))
                        .map(e => e.textContent).join(' ') : '',
          source: svg ? '' : d.textContent.slice(0, 60)};
}))()"""


def diagram_labels(blocks):
    """Per Mermaid block, the words it asks to draw: quoted labels, participants' names,
    messages and notes."""
    result = []
    for block in blocks:
        labels = []
        for line in block.split("\n"):
            line = line.strip()
            labels += re.findall(r'"([^"]+)"', line)
            m = re.match(r"participant \S+ as (.+)$", line)
            if m:
                labels.append(m.group(1))
            m = re.match(r"(?:\S+-[->x)]+\S+|Note (?:over|left of|right of) [^:]+):(.+)$", line)
            if m and '"' not in line:
                labels.append(m.group(1))
        result.append([re.sub(r"<br\s*/?>", "", label) for label in labels])
    return result


def squeeze(text):
    return re.sub(r"\s+", "", text)

SWITCH_JS = """(() => Array.from(document.querySelectorAll('a.md-select__link[hreflang]'))
  .map(a => [a.getAttribute('hreflang'), a.href]))()"""

pages = {}
for lang in ("en", "zh-CN"):
    root = os.path.join(site, lang)
    pages[lang] = sorted(os.path.relpath(p, root)
                         for p in glob.glob(os.path.join(root, "**", "*.html"), recursive=True)
                         if os.path.basename(p) != "404.html")
    if not pages[lang]:
        fail(lang, "the site has no pages")
if set(pages["en"]) != set(pages["zh-CN"]):
    fail("site", "the two sites differ in pages: only en %s, only zh-CN %s" % (
        sorted(set(pages["en"]) - set(pages["zh-CN"])),
        sorted(set(pages["zh-CN"]) - set(pages["en"]))))

os.makedirs(artifacts, exist_ok=True)
for old in glob.glob(os.path.join(artifacts, "*.png")):
    os.remove(old)
SHOTS = {"index.html", "03-the-pooled-context.html"}
counts = {}


def check_site(lang):
    """Opens every page of one language's site in a browser of its own."""
    other = "zh-CN" if lang == "en" else "en"
    opened = diagrams_seen = 0
    tab = browser.Browser()
    try:
        for rel in pages[lang]:
            where = "%s/%s" % (lang, rel)
            try:
                events = tab.open(base + lang + "/" + rel)
            except RuntimeError as e:
                fail(where, str(e))
                continue
            opened += 1
            for p in problems(events):
                fail(where, p)
            diagrams = tab.evaluate(DIAGRAMS_JS) or []
            diagrams_seen += len(diagrams)
            markdown = page_source(lang, rel)
            blocks = mermaid_blocks(markdown) if markdown is not None else []
            if markdown is not None and len(diagrams) != len(blocks):
                fail(where, "%d diagrams on the page, %d ```mermaid blocks in its source"
                     % (len(diagrams), len(blocks)))
            labels = diagram_labels(blocks)
            for i, d in enumerate(diagrams, 1):
                drawn = squeeze(d["text"])
                unseen = [label for label in (labels[i - 1] if i <= len(labels) else [])
                          if squeeze(label) not in drawn]
                if not d["svg"]:
                    fail(where, "diagram %d not drawn, still its source: %r" % (i, d["source"]))
                elif d["error"]:
                    fail(where, "diagram %d is Mermaid's error picture: %r" % (i, d["text"][:80]))
                elif not drawn:
                    fail(where, "diagram %d is an <svg> without text" % i)
                elif unseen:
                    fail(where, "diagram %d does not show %r" % (i, unseen))
            if tab.evaluate("document.documentElement.dataset.mermaid") == "failed":
                fail(where, "the diagrams script reported a failure")
            switch = dict(tab.evaluate(SWITCH_JS) or [])
            if switch.get(other) != base + other + "/" + rel:
                fail(where, "the language menu leads to %s, not %s" % (
                    switch.get(other), base + other + "/" + rel))
            if rel in SHOTS:
                tab.screenshot(os.path.join(
                    artifacts, "%s-%s.png" % (lang, rel[:-len(".html")])))
    except Exception as e:  # a browser that died: the thread reports it rather than vanishing
        fail(lang, "%s: %s" % (type(e).__name__, e))
    finally:
        tab.close()
    counts[lang] = (opened, diagrams_seen)


t1 = time.monotonic()
httpd = browser.serve(site)
base = "http://127.0.0.1:%d/" % httpd.server_port
# One browser per language, side by side: the two cores share the work.
workers = [threading.Thread(target=check_site, args=(lang,)) for lang in ("en", "zh-CN")]
for w in workers:
    w.start()
for w in workers:
    w.join()
httpd.shutdown()
print("opened %d pages (%d diagrams) in %.1f s" % (
    sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()),
    time.monotonic() - t1))

# The handouts: a PDF each, with a sheet per module at least.
modules = len(glob.glob(os.path.join(workshop, "[0-9][0-9]-*.md"))) - len(
    glob.glob(os.path.join(workshop, "[0-9][0-9]-*.zh-CN.md")))
for lang in ("en", "zh-CN"):
    pdf = os.path.join(site, "racelab-workshop.%s.pdf" % lang)
    if not os.path.exists(pdf):
        fail(pdf, "missing")
        continue
    with open(pdf, "rb") as f:
        data = f.read()
    count = len(re.findall(rb"/Type\s*/Page[^s]", data))
    if not data.startswith(b"%PDF-") or count < modules:
        fail(pdf, "not a PDF of at least %d pages (%d)" % (modules, count))
for shot in sorted(glob.glob(os.path.join(artifacts, "*.png"))):
    print("screenshot: " + os.path.relpath(shot, build))
if len(glob.glob(os.path.join(artifacts, "*.png"))) != 2 * len(SHOTS):
    fail(artifacts, "expected %d screenshots" % (2 * len(SHOTS)))

for f in failures:
    print("FAIL: " + f)
print("docs.site: %d problems" % len(failures))
sys.exit(1 if failures else 0)
