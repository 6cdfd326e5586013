#!/usr/bin/env python3
"""Soak test of minigin-hello: many requests, a random mix of good and hostile ones, from many
concurrent clients, with the request logger on; then SIGTERM with requests in flight.

  soak.py --binary BUILD/bin/minigin-hello [--requests N] [--clients 64] [--seed S]

Passes when: every request that must get an answer got exactly the expected one (status, body,
and for the hostile ones the close that follows); the requests in flight at SIGTERM are answered
in full (with Connection: close) while idle connections are closed; the server exits 0 within
20 s; its stderr (the request log and any sanitizer report) holds no sanitizer report; and its
resident memory after warm-up (the first 20 % of the requests) grows by at most 10 % + 8 MiB.

The hostile shapes are those of tests/framework/server_test.cpp: a malformed request line,
Content-Length with Transfer-Encoding (smuggling), a 10 GB Content-Length, a header section over
64 KiB, a broken chunked body, and a client that sends half a request and hangs up.
Prints the figures: requests by kind, throughput, resident memory at each tenth of the run.
"""
import argparse
import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

REPORTS = ("ERROR: AddressSanitizer", "WARNING: ThreadSanitizer", "ERROR: LeakSanitizer",
           "runtime error:", "ERROR: ThreadSanitizer")


class Lost(Exception):
    pass


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def read_reply(reader, timeout):
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    text = head.decode("latin-1")
    status = int(text[9:12])
    m = re.search(r"\r\ncontent-length: *(\d+)", text, re.I)
    body = await asyncio.wait_for(reader.readexactly(int(m.group(1))), timeout) if m else b""
    return status, text, body


async def closed(reader, timeout):
    """True when the server closes the connection (EOF or reset) within `timeout`."""
    try:
        rest = await asyncio.wait_for(reader.read(65536), timeout)
        while rest:
            rest = await asyncio.wait_for(reader.read(65536), timeout)
        return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except asyncio.TimeoutError:
        return False


def get(target, extra=""):
    return ("GET %s HTTP/1.1\r\nHost: soak\r\n%s\r\n" % (target, extra)).encode()


class Client:
    def __init__(self, port, rng, timeout):
        self.port, self.rng, self.timeout = port, rng, timeout
        self.reader = self.writer = None

    async def connect(self):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    def drop(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def expect(self, want_status, want_body=None, then_closed=False):
        status, head, body = await read_reply(self.reader, self.timeout)
        if status != want_status or (want_body is not None and body != want_body):
            raise Lost("got %d %r, want %d %r" % (status, body[:60], want_status,
                                                 (want_body or b"")[:60]))
        if then_closed:
            if not await closed(self.reader, self.timeout):
                raise Lost("the connection stayed open after %d" % status)
            self.drop()

    async def one(self, kind):
        """Sends one request (or a pipelined batch) of `kind` and checks its answer(s).
        Returns how many requests that was."""
        r = self.rng
        await self.connect()
        w = self.writer
        if kind == "root":
            w.write(get("/"))
            await self.expect(200, b"hello")
        elif kind == "user":
            uid = str(r.randrange(10**9))
            w.write(get("/user/" + uid))
            await self.expect(200, uid.encode())
        elif kind == "search":
            q = "".join(r.choice("abc xyz/&=%é") for _ in range(r.randrange(1, 40)))
            w.write(get("/search?q=" + urllib.parse.quote_plus(q)))
            await self.expect(200, q.encode())
        elif kind == "echo":
            body = os.urandom(r.randrange(0, 8192))
            w.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            await self.expect(200, body)
        elif kind == "chunked":
            body = os.urandom(r.randrange(1, 4096))
            half = len(body) // 2
            w.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\n")
            w.write(b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:])
                    if half else b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
            await self.expect(200, body)
        elif kind == "notfound":
            w.write(get("/nope/%d" % r.randrange(1000)))
            await self.expect(404)
        elif kind == "pipelined":
            ids = [str(r.randrange(10**6)) for _ in range(3)]
            w.write(b"".join(get("/user/" + i) for i in ids))
            for i in ids:
                await self.expect(200, i.encode())
            return 3
        elif kind == "http10":
            w.write(b"GET / HTTP/1.0\r\n\r\n")
            await self.expect(200, b"hello", then_closed=True)
        elif kind == "close":
            w.write(get("/", "Connection: close\r\n"))
            await self.expect(200, b"hello", then_closed=True)
        elif kind == "malformed":
            w.write(b"GARBAGE \x01\x02 nonsense\r\n\r\n")
            await self.expect(400, then_closed=True)
        elif kind == "smuggle":
            w.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 5\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n")
            await self.expect(400, then_closed=True)
        elif kind == "hugebody":
            w.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 10000000000\r\n\r\n")
            await self.expect(413, then_closed=True)
        elif kind == "bigheader":
            w.write(b"GET / HTTP/1.1\r\nHost: soak\r\nX-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n")
            await self.expect(431, then_closed=True)
        elif kind == "badchunk":
            w.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhi\r\n0\r\n\r\n")
            await self.expect(400, then_closed=True)
        elif kind == "abandon":
            w.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 100\r\n\r\nonly part")
            await w.drain()
            self.drop()  # no answer is owed to a client that hung up
        else:
            raise ValueError(kind)
        return 1


# (kind, weight): about 85 % good requests, 15 % hostile ones.
MIX = [("root", 20), ("user", 20), ("search", 10), ("echo", 10), ("chunked", 5), ("notfound", 5),
       ("pipelined", 5), ("http10", 3), ("close", 3), ("malformed", 3), ("smuggle", 3),
       ("hugebody", 3), ("bigheader", 2), ("badchunk", 3), ("abandon", 2)]


async def drive(port, total, clients, seed, timeout, pid, samples):
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    done = {"n": 0, "by_kind": {k: 0 for k in kinds}, "lost": []}
    checkpoints = [total * i // 10 for i in range(1, 11)]

    async def client(i):
        c = Client(port, random.Random(seed * 1000 + i), timeout)
        while done["n"] < total:
            kind = c.rng.choices(kinds, weights)[0]
            try:
                n = await c.one(kind)
            except (Lost, asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError) as e:
                done["lost"].append("%s: %s" % (kind, e or type(e).__name__))
                c.drop()
                n = 1
            done["n"] += n
            done["by_kind"][kind] += n
            while checkpoints and done["n"] >= checkpoints[0]:
                samples.append((checkpoints.pop(0), rss_kib(pid)))
        c.drop()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return done


async def sigterm_in_flight(port, proc, timeout):
    """Requests in flight (headers sent, body half sent) and idle connections, then SIGTERM:
    the ones in flight must be answered in full, with Connection: close; the idle ones closed."""
    busy, idle = [], []
    for i in range(8):
        r, w = await asyncio.open_connection("127.0.0.1", port)
        body = b"in flight %d " % i * 200
        w.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:100])
        await w.drain()
        busy.append((r, w, body))
    for i in range(8):
        idle.append(await asyncio.open_connection("127.0.0.1", port))
    # Let the server read the partial requests, so that they are in flight when the signal comes.
    await asyncio.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    problems = []
    for n, (r, w) in enumerate(idle):
        if not await closed(r, timeout):
            problems.append("idle connection %d not closed after SIGTERM" % n)
    for n, (r, w, body) in enumerate(busy):
        w.write(body[100:])
        try:
            status, head, got = await read_reply(r, timeout)
            if status != 200 or got != body or "connection: close" not in head.lower():
                problems.append("in-flight request %d: %d, body ok %s, head %r" % (n, status, got == body, head))
        except Exception as e:  # any failure here is a lost in-flight request
            problems.append("in-flight request %d lost: %r" % (n, e))
        w.close()
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--requests", type=int, default=200_000)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30, help="seconds to wait for one answer")
    a = ap.parse_args()

    env = dict(os.environ)
    env.setdefault("TSAN_OPTIONS", "halt_on_error=1 second_deadlock_stack=1")
    # A 16 MiB quarantine instead of 256: ASan's resident memory reaches its plateau within the
    # warm-up, so "flat" means something; a use-after-free of a block freed more than 16 MiB of
    # frees ago goes unseen (the samples and unit tests keep the default).
    # Appended, so that it holds under the asan test preset's own ASAN_OPTIONS too (the last
    # setting of an option wins).
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=1:quarantine_size_mb=16").lstrip(":")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    log = tempfile.NamedTemporaryFile("w+b", prefix="soak-stderr-", suffix=".log", delete=False)
    # stderr (the request log, sanitizer reports) goes to a file: it never blocks the server.
    proc = subprocess.Popen([a.binary, "--port", "0", "--threads", str(a.threads)],
                            stdout=subprocess.PIPE, stderr=log, env=env)
    failures = []
    try:
        line = proc.stdout.readline().decode()
        m = re.match(r"minigin-hello listening on http://127\.0\.0\.1:(\d+)$", line.strip())
        if not m:
            sys.exit("error: unexpected first line %r" % line)
        port = int(m.group(1))
        print("soak: %s, %d requests, %d clients, seed %d, %d server threads"
              % (a.binary, a.requests, a.clients, a.seed, a.threads), flush=True)
        samples = [(0, rss_kib(proc.pid))]
        t0 = time.monotonic()
        done = asyncio.run(drive(port, a.requests, a.clients, a.seed, a.timeout, proc.pid, samples))
        took = time.monotonic() - t0
        print("soak: %d requests in %.1f s (%.0f req/s)" % (done["n"], took, done["n"] / took))
        print("soak: by kind: " + ", ".join("%s %d" % kv for kv in done["by_kind"].items()))
        print("soak: resident memory (KiB) after N requests: "
              + ", ".join("%d: %d" % s for s in samples))
        if done["lost"]:
            failures.append("%d lost or wrong responses, e.g. %s" % (len(done["lost"]), done["lost"][:5]))
        warm = [kib for n, kib in samples if n >= a.requests * 2 // 10]
        if warm:
            base, peak = warm[0], max(warm)
            grew = peak - base
            print("soak: after warm-up: %d KiB, peak %d KiB (+%d KiB, %.1f %%)"
                  % (base, peak, grew, 100.0 * grew / base))
            if grew > base // 10 + 8 * 1024:
                failures.append("resident memory grew by %d KiB after warm-up" % grew)
        problems = asyncio.run(sigterm_in_flight(port, proc, a.timeout))
        failures += problems
        try:
            rc = proc.wait(timeout=20)
            print("soak: SIGTERM with 8 requests in flight and 8 idle connections: exit code %d, "
                  "%d problems" % (rc, len(problems)))
            if rc != 0:
                failures.append("exit code %d after SIGTERM" % rc)
        except subprocess.TimeoutExpired:
            failures.append("still running 20 s after SIGTERM")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.seek(0)
        err = log.read().decode("utf-8", "replace")
        log.close()
        os.unlink(log.name)
    logged = sum(1 for l in err.splitlines() if l.startswith("[minigin] ") and " | " in l)
    dropped = re.search(r"request log: (\d+) of (\d+) lines dropped", err)
    print("soak: request log: %d lines written, %s dropped" % (logged, dropped.group(1) if dropped else "0"))
    for report in REPORTS:
        if report in err:
            i = err.index(report)
            failures.append("a sanitizer reported: " + err[max(0, i - 200):i + 3000])
            break
    if failures:
        for f in failures:
            print("FAIL: " + f)
        sys.exit(1)
    print("soak: ok")


if __name__ == "__main__":
    main()
