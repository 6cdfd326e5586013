#!/usr/bin/env python3
"""Runs the commands of docs/ci.md: every ```sh block that starts with `# ci: NAME` runs in a
scratch Git repository of three files whose last commit makes one of them racy, with the project's
compile database in build/, racelab's build tree at racelab/build/ (the real build's bin/ and lib/)
and racelab on PATH. Every YAML block of the page must parse, and its `racelab lint` and
`racelab sarif-merge` lines must be among the tested commands. The pre-commit recipe runs the real
pre-commit framework, offline, with the repository's .pre-commit-hooks.yaml.

  ci_docs_test.py SOURCE_DIR BUILD_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    sys.exit("error: python3-yaml is missing (scripts/bootstrap --test installs it)")

NAMES = {"ubuntu-22.04", "ubuntu-24.04", "sarif", "gitlab", "pre-commit", "github-matrix", "gitlab-parallel",
         "changed-since", "run-clang-tidy", "diff"}
WANT = "handler.cpp:11:17: warning: original context 'c' captured by reference"

source, build = sys.argv[1:3]
page = open(os.path.join(source, "docs/ci.md")).read()
blocks = re.findall(r"```(\w+)\n(.*?)```", page, re.S)
tested = {}
for lang, body in blocks:
    m = re.match(r"# ci: (\S+)\n(.*)", body, re.S)
    if lang == "sh" and m:
        tested[m.group(1)] = m.group(2)
if set(tested) != NAMES:
    sys.exit("error: docs/ci.md's tested blocks changed: %s" % sorted(tested))
if not shutil.which("pre-commit"):
    sys.exit("error: pre-commit is missing (scripts/bootstrap --test installs it)")


def walk(node):
    yield node
    for child in (node.values() if isinstance(node, dict) else node if isinstance(node, list) else []):
        yield from walk(child)


# Every YAML block parses, its racelab lines are tested ones, and the uploads say what they upload.
commands = [c.strip() for c in tested.values()]
documents = []
for lang, body in blocks:
    if lang != "yaml":
        continue
    try:
        documents.append(yaml.safe_load(body))
    except yaml.YAMLError as e:
        sys.exit("error: a YAML block of docs/ci.md does not parse: %s\n%s" % (e, body))
    for line in body.splitlines():
        m = re.search(r"(racelab (?:lint|sarif-merge) .*)$", line)
        if m and not any(m.group(1) in c for c in commands):
            sys.exit("error: the YAML's %r is not among the tested commands" % m.group(1))
nodes = [n for d in documents for n in walk(d) if isinstance(n, dict)]
uploads = [n for n in nodes if str(n.get("uses", "")).startswith("github/codeql-action/upload-sarif@v3")]
if len(uploads) != 3 or not all(u.get("with", {}).get("sarif_file") == "racelab.sarif" for u in uploads):
    sys.exit("error: three SARIF uploads of racelab.sarif expected: %s" % uploads)
if not any("category" in u["with"] for u in uploads):
    sys.exit("error: the two runners' uploads need a category each")
if not any(n.get("reports", {}).get("codequality") == "gl-code-quality.json" for n in nodes
           if isinstance(n.get("reports"), dict)):
    sys.exit("error: no GitLab job reports gl-code-quality.json as codequality")
if not any(n.get("parallel") == 3 for n in nodes) or not any(n.get("matrix", {}).get("shard") == [1, 2, 3]
                                                                for n in nodes if isinstance(n.get("matrix"), dict)):
    sys.exit("error: the matrices must have the three shards the tested blocks run")
hooks = yaml.safe_load(open(os.path.join(source, ".pre-commit-hooks.yaml")))
hook = hooks[0] if isinstance(hooks, list) and len(hooks) == 1 else {}
if (hook.get("id"), hook.get("language"), hook.get("entry")) != ("racelab-lint", "system", "racelab lint") or \
        "c++" not in hook.get("types_or", []):
    sys.exit("error: .pre-commit-hooks.yaml: %s" % hooks)


def sarif_keys(path):
    s = json.load(open(path))
    if s["version"] != "2.1.0" or len(s["runs"]) != 1:
        sys.exit("error: %s is not one run of SARIF 2.1.0" % path)
    return sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                   r["locations"][0]["physicalLocation"]["region"]["startLine"],
                   r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in s["runs"][0]["results"])


tmp = tempfile.mkdtemp(prefix="racelab-ci-docs-")
try:
    repo = os.path.join(tmp, "repo")
    src = os.path.join(repo, "src")
    os.makedirs(src)
    os.makedirs(os.path.join(repo, "build"))
    os.makedirs(os.path.join(repo, "racelab", "build"))
    shutil.copy(os.path.join(source, "tests/checker/Inputs/minigin.h"), src)
    for d in ("bin", "lib"):
        os.symlink(os.path.join(build, d), os.path.join(repo, "racelab", "build", d))
    files = {"handler.cpp": '#include "minigin.h"\n#include <thread>\n\nvoid audit(std::string_view);\n\n'
                            "void handle(minigin::Context& c) {\n"
                            "  std::thread([cp = c.copy()] { audit(cp.path()); }).detach();\n}\n",
             "worker.cpp": '#include "minigin.h"\n\n'
                           "int path_length(minigin::Context& c) { return int(c.path().size()); }\n",
             "util.cpp": "int twice(int x) { return 2 * x; }\n"}
    for name, text in files.items():
        open(os.path.join(src, name), "w").write(text)
    open(os.path.join(repo, ".gitignore"), "w").write("build/\nracelab/\n*.sarif\ngl-code-quality.json\n")
    json.dump([{"directory": src, "file": os.path.join(src, n),
                "arguments": ["clang++-19", "-std=c++20", "-c", os.path.join(src, n)]} for n in sorted(files)],
              open(os.path.join(repo, "build", "compile_commands.json"), "w"))
    git = lambda *a: subprocess.run(["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@t"] + list(a),
                                    check=True, stdout=subprocess.DEVNULL)
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "clean")
    racy = "\nvoid handle_later(minigin::Context& c) {\n  std::thread([&c] { audit(c.path()); }).detach();\n}\n"
    open(os.path.join(src, "handler.cpp"), "a").write(racy)
    git("commit", "-qam", "racy")
    env = dict(os.environ, PATH=os.path.join(repo, "racelab", "build", "bin") + os.pathsep + os.environ["PATH"],
               PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home"))
    for var in ("RACELAB_CLANG_TIDY", "RACELAB_PLUGIN"):
        env.pop(var, None)

    def run(name, rc=0):
        p = subprocess.run(["bash", "-euo", "pipefail", "-c", tested[name]], cwd=repo, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("== %s (exit %d)\n%s" % (name, p.returncode, p.stdout))
        if p.returncode != rc:
            sys.exit("error: the %s snippet exited %d, not %d" % (name, p.returncode, rc))
        return p.stdout

    def linted(output):
        return sorted(os.path.basename(f) for f in re.findall(r"^\[\d+/\d+\] (\S+) \(", output, re.M))

    # One finding, at the racy line, from the plugin of each runner's major.
    expected = [("racelab-context-escape", "src/handler.cpp", 11, 17)]
    sarif = os.path.join(repo, "racelab.sarif")
    for name, major in (("ubuntu-22.04", 15), ("ubuntu-24.04", 16), ("sarif", 19)):
        out = run(name)
        if "(LLVM %d) with " % major not in out or "/llvm-%d/libRacelabTidy.so" % major not in out:
            sys.exit("error: the %s snippet did not lint with LLVM %d's clang-tidy and plugin" % (name, major))
        if sarif_keys(sarif) != expected or linted(out) != sorted(files):
            sys.exit("error: %s: the SARIF has %s" % (name, sarif_keys(sarif)))
    unsharded = sarif_keys(sarif)

    # GitLab's Code Quality report: the fields GitLab requires, the same fingerprint on every run.
    report = os.path.join(repo, "gl-code-quality.json")
    run("gitlab")
    issues = json.load(open(report))
    if len(issues) != 1:
        sys.exit("error: gl-code-quality.json: %s" % issues)
    i = issues[0]
    location = i.get("location", {})
    if not (isinstance(i.get("description"), str) and i["description"] and
            i.get("check_name") == "racelab-context-escape" and
            re.fullmatch(r"[0-9a-f]{32}", i.get("fingerprint", "")) and
            i.get("severity") in ("info", "minor", "major", "critical", "blocker") and
            location.get("path") == "src/handler.cpp" and location.get("lines", {}).get("begin") == 11):
        sys.exit("error: gl-code-quality.json lacks what GitLab requires: %s" % i)
    run("gitlab")
    if json.load(open(report)) != issues:
        sys.exit("error: the Code Quality report changed between two runs")

    # The matrices: each shard lints one of the three files; merged, the unsharded run's results.
    for name in ("github-matrix", "gitlab-parallel"):
        for f in os.listdir(repo):
            if f.endswith(".sarif"):
                os.remove(os.path.join(repo, f))
        out = run(name)
        if linted(out) != sorted(files) or out.count("[1/1] ") != 3:
            sys.exit("error: %s: the shards did not lint each file once" % name)
        if sarif_keys(sarif) != unsharded:
            sys.exit("error: %s: the merged SARIF has %s, the unsharded run %s" % (name, sarif_keys(sarif), unsharded))

    # The pull request's last commit changed handler.cpp only: only it is linted, and it fails.
    out = run("changed-since", rc=1)
    if linted(out) != ["handler.cpp"] or WANT not in out:
        sys.exit("error: --changed-since linted %s" % linted(out))
    if WANT not in run("run-clang-tidy"):
        sys.exit("error: run-clang-tidy did not report the racy line")
    if WANT not in run("diff"):
        sys.exit("error: clang-tidy-diff did not report the racy line")

    # pre-commit, with the docs' config pointing at a local copy of the hooks file.
    hook_repo = os.path.join(tmp, "racelab-hooks")
    os.makedirs(hook_repo)
    shutil.copy(os.path.join(source, ".pre-commit-hooks.yaml"), hook_repo)
    subprocess.run(["git", "-C", hook_repo, "init", "-q"], check=True)
    subprocess.run(["git", "-C", hook_repo, "add", "."], check=True)
    subprocess.run(["git", "-C", hook_repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "hooks"],
                   check=True)
    rev = subprocess.run(["git", "-C", hook_repo, "rev-parse", "HEAD"], check=True, stdout=subprocess.PIPE,
                         text=True).stdout.strip()
    config = next(b for lang, b in blocks if lang == "yaml" and "id: racelab-lint" in b)
    config = re.sub(r"(repo|rev): \S+", lambda m: "%s: %s" % (m.group(1), hook_repo if m.group(1) == "repo" else rev),
                    config)
    open(os.path.join(repo, ".pre-commit-config.yaml"), "w").write(config)
    git("add", ".pre-commit-config.yaml")
    git("commit", "-qm", "pre-commit")
    worker = os.path.join(src, "worker.cpp")
    open(worker, "a").write('#include <thread>\nvoid audit(std::string_view);\n' + racy)
    git("add", "src/worker.cpp")
    out = run("pre-commit", rc=1)
    if "worker.cpp:8:17: warning: original context 'c'" not in out or "handler.cpp" in out:
        sys.exit("error: pre-commit did not fail on the staged racy worker.cpp alone")
    git("checkout", "HEAD", "--", "src/worker.cpp")
    open(worker, "a").write("int path_twice(minigin::Context& c) { return 2 * path_length(c); }\n")
    git("add", "src/worker.cpp")
    if "Passed" not in run("pre-commit"):
        sys.exit("error: pre-commit did not pass the staged clean change")
    git("commit", "-qm", "clean change", "--no-verify")
    open(os.path.join(src, "minigin.h"), "a").write("// a comment\n")
    git("add", "src/minigin.h")
    out = run("pre-commit", rc=1)
    if "minigin.h is not in build/compile_commands.json: linting its 2 files that include it" not in out or \
            WANT not in out:
        sys.exit("error: a staged header did not lint the racy file that includes it")
    print("ok: every docs/ci.md snippet ran")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
