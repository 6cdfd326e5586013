#!/usr/bin/env python3
"""End-to-end test of build/bin/minigin-hello: its --help, its routes over real HTTP on
127.0.0.1 (port 0), a bad option, and a clean exit on SIGINT."""
import http.client
import re
import signal
import subprocess
import sys

binary = sys.argv[1]


def fail(msg):
    sys.exit("error: " + msg)


h = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
if h.returncode != 0:
    fail("--help exited %d" % h.returncode)
for opt in ("--port", "--threads", "--host", "--quiet"):
    if opt not in h.stdout:
        fail("--help does not mention " + opt)

bad = subprocess.run([binary, "--port", "notaport"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
if bad.returncode == 0 or "--port" not in bad.stdout:
    fail("a bad --port must fail with a message naming the option, got: " + bad.stdout)

p = subprocess.Popen([binary, "--port", "0", "--threads", "2"], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
try:
    line = p.stdout.readline()
    m = re.match(r"minigin-hello listening on http://127\.0\.0\.1:(\d+)$", line.strip())
    if not m:
        fail("unexpected first line: %r" % line)
    port = int(m.group(1))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)

    def req(method, path, body=None):
        conn.request(method, path, body=body)
        r = conn.getresponse()
        return r.status, r.read().decode()

    checks = [
        (("GET", "/"), (200, "hello")),
        (("GET", "/user/42"), (200, "42")),
        (("POST", "/echo", "some body"), (200, "some body")),
        (("GET", "/search?q=needle%20x"), (200, "needle x")),
        (("GET", "/nope"), (404, "404 page not found")),
    ]
    for args, want in checks:
        got = req(*args)
        if got != want:
            fail("%s %s: got %r, want %r" % (args[0], args[1], got, want))
    conn.close()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    if p.returncode != 0:
        fail("exit code %d after SIGINT" % p.returncode)
    if "shut down" not in out:
        fail("no shutdown message: %r" % out)
    if "[minigin] 200" not in err or "GET /user/42" not in err:
        fail("the logger did not log the requests: %r" % err)
    print("ok: minigin-hello")
finally:
    if p.poll() is None:
        p.kill()
