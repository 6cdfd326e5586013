#!/usr/bin/env python3
"""Runs the commands of docs/ci.md: every ```sh block that starts with `# ci: NAME` runs in a
scratch Git repository whose last commit adds a racy file, with `build/` pointing at the real
build's bin/ and lib/ plus a compile database of its own. The lint lines inside the YAML examples
must be the same commands as the tested blocks.

  ci_docs_test.py SOURCE_DIR BUILD_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

source, build = sys.argv[1:3]
page = open(os.path.join(source, "docs/ci.md")).read()
blocks = re.findall(r"```(\w+)\n(.*?)```", page, re.S)
tested = {}
for lang, body in blocks:
    m = re.match(r"# ci: (\S+)\n(.*)", body, re.S)
    if lang == "sh" and m:
        tested[m.group(1)] = m.group(2)
if set(tested) != {"sarif", "gitlab", "run-clang-tidy", "diff"}:
    sys.exit("error: docs/ci.md's tested blocks changed: %s" % sorted(tested))
commands = [c.strip() for c in tested.values()]
for lang, body in blocks:
    if lang != "yaml":
        continue
    for line in body.splitlines():
        m = re.search(r"(build/bin/racelab lint .*)$", line)
        if m and not any(m.group(1) in c for c in commands):
            sys.exit("error: the YAML's %r is not among the tested commands" % m.group(1))

tmp = tempfile.mkdtemp(prefix="racelab-ci-docs-")
try:
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, "src"))
    os.makedirs(os.path.join(repo, "build"))
    shutil.copy(os.path.join(source, "tests/checker/Inputs/minigin.h"), os.path.join(repo, "src"))
    for d in ("bin", "lib"):
        os.symlink(os.path.join(build, d), os.path.join(repo, "build", d))
    handler = os.path.join(repo, "src", "handler.cpp")
    clean = ('#include "minigin.h"\n#include <thread>\n\nvoid audit(std::string_view);\n\n'
             "void handle(minigin::Context& c) {\n"
             "  std::thread([cp = c.copy()] { audit(cp.path()); }).detach();\n}\n")
    open(handler, "w").write(clean)
    json.dump([{"directory": os.path.join(repo, "src"), "file": handler,
                "arguments": ["clang++-19", "-std=c++20", "-c", handler]}],
              open(os.path.join(repo, "build", "compile_commands.json"), "w"))
    git = lambda *a: subprocess.run(["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@t"] + list(a),
                                    check=True, stdout=subprocess.DEVNULL)
    git("init", "-q")
    git("add", "src")
    git("commit", "-qm", "clean")
    open(handler, "a").write("\nvoid handle_later(minigin::Context& c) {\n"
                             "  std::thread([&c] { audit(c.path()); }).detach();\n}\n")
    git("commit", "-qam", "racy")

    def run(name):
        p = subprocess.run(["bash", "-euo", "pipefail", "-c", tested[name]], cwd=repo,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("== %s (exit %d)\n%s" % (name, p.returncode, p.stdout))
        if p.returncode != 0:
            sys.exit("error: the %s snippet failed" % name)
        return p.stdout

    want = "handler.cpp:11:17: warning: original context 'c' captured by reference"
    run("sarif")
    sarif = json.load(open(os.path.join(repo, "racelab.sarif")))
    results = sarif["runs"][0]["results"]
    if len(results) != 1 or results[0]["ruleId"] != "racelab-context-escape":
        sys.exit("error: the SARIF has %d results" % len(results))
    if results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != "src/handler.cpp":
        sys.exit("error: SARIF locations must be relative to the repository: %s" % results[0]["locations"])
    run("gitlab")
    findings = json.load(open(os.path.join(repo, "racelab.json")))["findings"]
    if [f["line"] for f in findings] != [11]:
        sys.exit("error: racelab.json: %s" % findings)
    if want not in run("run-clang-tidy"):
        sys.exit("error: run-clang-tidy did not report the racy line")
    if want not in run("diff"):
        sys.exit("error: clang-tidy-diff did not report the racy line")
    print("ok: every docs/ci.md snippet ran")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
