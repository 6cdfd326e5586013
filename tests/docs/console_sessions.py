"""The shell sessions of a Markdown page's ```console blocks, as the docs tests read them.

In a ```console block, a line starting with "$ " is a command (a trailing backslash continues
it) and the lines after it, up to the next command, are key lines of its output ("…" lines are
skipped)."""
import os
import re
import tempfile


def console_blocks(text):
    return re.findall(r"^```console\n(.*?)^```", text, re.S | re.M)


def console_sessions(text):
    """[(command, [key lines])] of every ```console block of `text`, in order."""
    sessions = []
    for block in console_blocks(text):
        lines = block.split("\n")
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            cmd = lines[i][2:]
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-1] + "\n" + lines[i]
            keys = []
            i += 1
            while i < len(lines) and not lines[i].startswith("$ "):
                s = lines[i].strip()
                if s and s not in ("…", "..."):
                    keys.append(s)
                i += 1
            sessions.append((cmd, keys))
    return sessions


def scratch_root(source, build, prefix):
    """A scratch directory that looks like the repository's root (its top-level entries are
    links) with `build/` being BUILD, so that commands run there write nothing into the tree."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    for entry in os.listdir(source):
        if entry in (".git", "build") or entry.startswith("build-"):
            continue
        os.symlink(os.path.join(source, entry), os.path.join(tmp, entry))
    os.symlink(build, os.path.join(tmp, "build"))
    return tmp


def session_env(build=None):
    """The environment the pages' commands run in: without the reader's TSAN_OPTIONS, guard,
    GORACE or GOFLAGS. With BUILD, `go run -race` shares the build cache of the `go` tests
    (go.build), so that the pages' Go commands do not compile Gin with -race a second time."""
    env = dict(os.environ)
    for var in ("TSAN_OPTIONS", "MINIGIN_GUARD", "GORACE", "GOFLAGS"):
        env.pop(var, None)
    if build:
        env["GOCACHE"] = os.path.join(os.path.abspath(build), "tests", "go", "gocache")
    # The race detector's only default that is not the reader's: no second of sleep at exit
    # (it changes nothing printed, and modules 1 and 3 run alone, RUN_SERIAL).
    env["GORACE"] = "atexit_sleep_ms=0"
    return env
