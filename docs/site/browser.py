"""Headless Chromium over the DevTools protocol, and a local web server: what scripts/site needs
to print the handouts and tests/docs/site_test.py to open every page.

Pages are served over http://127.0.0.1 (a port the kernel picks) rather than opened as files:
the theme's search loads its index with fetch(), which file:// refuses.
Needs chromium and python3-websocket (Debian).
"""
import base64
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    """Serves DIRECTORY on 127.0.0.1 from a thread; returns the server (server_port, shutdown())."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def chromium_command():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    return None


class Browser:
    """One headless Chromium with one tab; the tab's events are collected per page."""

    def __init__(self):
        import websocket  # python3-websocket; imported here so that --help works without it
        self.profile = tempfile.mkdtemp(prefix="racelab-chromium-")
        self.proc = subprocess.Popen(
            [chromium_command() or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--remote-debugging-port=0",
             "--user-data-dir=" + self.profile, "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # Chromium writes the port it picked, and the browser's path, into the profile.
            port_file = os.path.join(self.profile, "DevToolsActivePort")
            deadline = time.monotonic() + 60
            lines = []
            while len(lines) < 2:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("chromium did not open its DevTools port")
                time.sleep(0.05)
                if os.path.exists(port_file):
                    with open(port_file) as f:
                        lines = [line for line in f.read().split("\n") if line]
            self.ws = websocket.create_connection(
                "ws://127.0.0.1:%s%s" % (lines[0], lines[1]), timeout=120)
            self.next_id = 0
            self.events = []
            self.session = None
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.call("Target.attachToTarget",
                                     {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(domain + ".enable")
        except Exception:
            self.close()
            raise

    def call(self, method, params=None):
        """Sends one command (to the tab once it is attached) and returns its result."""
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("exception", {}).get(
                "description", result["exceptionDetails"].get("text")))
        return result.get("result", {}).get("value")

    def open(self, url, timeout=60, ready="document.documentElement.dataset.mermaid || ''"):
        """Loads URL and waits for the load event and for site.js to finish the diagrams
        (<html data-mermaid> set; a page without site.js: ready=None); returns the events the
        page caused."""
        self.events = []
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise RuntimeError("no load event within %d s" % timeout)
            self.events.append(json.loads(self.ws.recv()))
        while ready and not self.evaluate(ready):
            if time.monotonic() > deadline:
                raise RuntimeError("site.js did not finish the diagrams within %d s" % timeout)
            time.sleep(0.05)
        return list(self.events)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def print_pdf(self, path):
        data = self.call("Page.printToPDF", {"printBackground": True, "paperWidth": 8.27,
                                             "paperHeight": 11.69})["data"]  # A4
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        ws = getattr(self, "ws", None)
        if ws is not None:
            ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
