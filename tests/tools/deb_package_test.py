#!/usr/bin/env python3
"""The Debian package installs and works from its own files.

  deb_package_test.py SOURCE_DIR BUILD_DIR CPACK VERSION PRIMARY_MAJOR MAJORS CXX

MAJORS: every LLVM major the build made a plugin for, comma-separated (14,15,16,19).

cpack writes the .deb into a scratch directory; `dpkg-deb -x` unpacks it into a scratch root
(nothing is installed on this machine). The test checks the control fields and the files, then,
with only the scratch root's files (PATH without the build or source tree, no RACELAB_*
variable), lints a racy fixture with the installed racelab and plugin, runs the tour of lesson 3
from the installed samples, and builds and runs a find_package(minigin) consumer against the
installed CMake package.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE, BUILD, CPACK, VERSION, PRIMARY, MAJORS, CXX = sys.argv[1:8]


def clean_env():
    """This machine's environment without the build and source trees on PATH and without the
    RACELAB_* overrides: the installed racelab must find everything by itself."""
    trees = [os.path.realpath(BUILD), os.path.realpath(SOURCE)]

    def in_tree(d):
        real = os.path.realpath(d)
        return any(real == t or real.startswith(t + os.sep) for t in trees)

    path = [d for d in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep) if d and not in_tree(d)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RACELAB")}
    env["PATH"] = os.pathsep.join(path)
    return env


def run(args, check_rc=None, env=None, cwd=None):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       env=env or clean_env(), cwd=cwd)
    print("$ " + " ".join(args) + "  (exit %d)" % p.returncode)
    if check_rc is not None and p.returncode != check_rc:
        print(p.stdout + p.stderr)
        fail("exit code %d, expected %d" % (p.returncode, check_rc))
    return p


def fail(msg):
    sys.exit("error: " + msg)


def expect(cond, msg, text=""):
    if not cond:
        if text:
            print(text)
        fail(msg)


def installed_version(name):
    p = subprocess.run(["dpkg-query", "-W", "-f=${Status}|${Version}", name], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    status, _, version = p.stdout.partition("|")
    return version if p.returncode == 0 and status.endswith(" installed") else None


def satisfied(relation):
    """`name`, `name (>= 1.2)` or alternatives `a | b`: installed here, in a version that fits."""
    for alt in relation.split("|"):
        m = re.fullmatch(r"\s*([a-z0-9][a-z0-9+.-]*)(?::any)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?\s*", alt)
        expect(m, "a Debian package relation: %r" % alt)
        have = installed_version(m.group(1))
        if have is None:
            continue
        if not m.group(2):
            return True
        op = {">=": "ge", "<=": "le", ">>": "gt", "<<": "lt", "=": "eq"}[m.group(2)]
        if subprocess.run(["dpkg", "--compare-versions", have, op, m.group(3)]).returncode == 0:
            return True
    return False


def check_control(deb):
    fields = {}
    for name in ["Package", "Version", "Architecture", "Maintainer", "Description", "Section",
                 "Depends", "Recommends", "Suggests"]:
        fields[name] = run(["dpkg-deb", "-f", deb, name], check_rc=0).stdout.strip()
    print(json.dumps(fields, indent=1))
    expect(fields["Package"] == "racelab", "Package: racelab")
    expect(fields["Version"] == VERSION, "Version: " + VERSION)
    expect(fields["Architecture"] == "amd64", "Architecture: amd64")
    expect(re.fullmatch(r".+ <[^@ ]+@[^> ]+>", fields["Maintainer"]), "Maintainer: name <address>")
    expect(fields["Description"].splitlines()[0].strip() and len(fields["Description"].splitlines()) > 1,
           "Description: a summary line and a long description")
    depends = [d.strip() for d in fields["Depends"].split(",")]
    names = {re.split(r"[\s(:]", d)[0] for d in depends}
    for needed in ["clang-tidy-" + PRIMARY, "libyaml-cpp0.7", "libhttp-parser2.9", "libstdc++6", "libc6",
                   "nlohmann-json3-dev", "libhttp-parser-dev"]:
        expect(needed in names, "Depends names " + needed, fields["Depends"])
    # Every relation names a Debian package, installed on this machine (which built racelab from
    # Debian's archive) in a version that satisfies it: `dpkg -i` would find it satisfied here.
    for relation in depends:
        expect(satisfied(relation), "Depends: %s is satisfied on this machine" % relation)
    for major in MAJORS.split(","):
        if major != PRIMARY:
            expect("clang-tidy-" + major in fields["Suggests"], "Suggests names clang-tidy-" + major,
                   fields["Suggests"])


def check_files(deb, root):
    listing = run(["dpkg-deb", "-c", deb], check_rc=0).stdout
    paths = [line.split()[-1] for line in listing.splitlines() if line.strip()]
    outside = [p for p in paths if not (p == "./" or p.startswith("./usr/"))]
    expect(not outside, "every file under /usr", "\n".join(outside))
    run(["dpkg-deb", "-x", deb, root], check_rc=0)
    wanted = ["usr/bin/racelab", "usr/bin/minigin-hello",
              "usr/lib/libRacelabTidy.so",
              "usr/include/minigin/minigin.h", "usr/include/minigin/context.h",
              "usr/lib/libminigin.a",
              "usr/lib/cmake/minigin/minigin-config.cmake",
              "usr/lib/cmake/minigin/minigin-config-version.cmake",
              "usr/lib/cmake/minigin/minigin-targets.cmake",
              "usr/libexec/racelab/sample-03-context-in-detached-thread-racy",
              "usr/share/racelab/samples/03-context-in-detached-thread/racy.cpp",
              "usr/share/racelab/samples/03-context-in-detached-thread/lesson.json",
              "usr/share/racelab/samples/common/later.h",
              "usr/share/doc/racelab/cli.md",
              "usr/share/doc/racelab/checks/racelab-context-escape.md"]
    wanted += ["usr/lib/racelab/llvm-%s/libRacelabTidy.so" % m for m in MAJORS.split(",")]
    for f in wanted:
        expect(os.path.isfile(os.path.join(root, f)), "the package holds /" + f)


FIXTURE = """#include <minigin/minigin.h>
#include <thread>

void handler(minigin::Context& c) {
  std::thread([&c] { (void)c.query("uid"); }).detach();
}
"""


def check_lint(root, tmp):
    racelab = os.path.join(root, "usr/bin/racelab")
    fixture = os.path.join(tmp, "fixture", "escape.cpp")
    os.makedirs(os.path.dirname(fixture))
    open(fixture, "w").write(FIXTURE)
    args = [racelab, "lint", "--format", "json", fixture, "--extra-arg=-std=c++20",
            "--extra-arg=-I" + os.path.join(root, "usr/include")]
    # docs/cli.md: 1 when there are findings.
    p = run(args, check_rc=1)
    j = json.loads(p.stdout)
    checks = [(f["check"], f["line"]) for f in j["findings"]]
    expect(checks == [("racelab-context-escape", 5)], "exactly one racelab-context-escape, at line 5",
           p.stdout + p.stderr)
    # The plugins it loads are the scratch root's: without them (usr/lib/libRacelabTidy.so and
    # usr/lib/racelab/llvm-N/), racelab says where it looked.
    plugins = [os.path.join(root, "usr/lib/libRacelabTidy.so"), os.path.join(root, "usr/lib/racelab")]
    for plugin in plugins:
        os.rename(plugin, plugin + ".away")
    try:
        p = run(args, check_rc=2)
        expect("there is no racelab plugin for LLVM" in p.stderr and
               "(looked in " + os.path.join(root, "usr/lib/llvm-") in p.stderr,
               "racelab looks for the plugin in the scratch root", p.stderr)
    finally:
        for plugin in plugins:
            os.rename(plugin + ".away", plugin)
    # The course from the package: lesson 3's sources and ThreadSanitizer builds.
    p = run([racelab, "tour", "--sample", "03"], check_rc=0)
    expect("2 of 2 programs behaved as the course says" in p.stdout, "the installed tour of lesson 3",
           p.stdout + p.stderr)


CONSUMER_CMAKE = """cmake_minimum_required(VERSION 3.25)
project(consumer CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(minigin 0.1 REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE minigin::minigin)
"""

CONSUMER_MAIN = """#include <minigin/minigin.h>
#include <cstdio>
#include <string>

int main() {
  minigin::Engine e;
  e.get("/hi/:name", [](minigin::Context& c) { c.string(200, "hi " + std::string(c.param("name"))); });
  auto r = e.handle(minigin::Request("GET", "/hi/deb"));
  std::printf("%d %s\\n", r.status, r.body.c_str());
  return r.status == 200 ? 0 : 1;
}
"""


def check_consumer(root, tmp):
    proj = os.path.join(tmp, "consumer")
    os.makedirs(proj)
    open(os.path.join(proj, "CMakeLists.txt"), "w").write(CONSUMER_CMAKE)
    open(os.path.join(proj, "main.cpp"), "w").write(CONSUMER_MAIN)
    build = os.path.join(proj, "build")
    run(["cmake", "-S", proj, "-B", build, "-G", "Ninja", "-DCMAKE_CXX_COMPILER=" + CXX,
         "-DCMAKE_PREFIX_PATH=" + os.path.join(root, "usr"), "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF"],
        check_rc=0)
    cache = open(os.path.join(build, "CMakeCache.txt")).read()
    expect("minigin_DIR:PATH=" + os.path.join(root, "usr/lib/cmake/minigin") in cache,
           "find_package(minigin) found the scratch root's package",
           "\n".join(l for l in cache.splitlines() if l.startswith("minigin_DIR")))
    run(["cmake", "--build", build], check_rc=0)
    p = run([os.path.join(build, "consumer")], check_rc=0)
    expect("200 hi deb" in p.stdout, "the consumer answers", p.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="racelab-deb-")
    try:
        out = os.path.join(tmp, "out")
        run([CPACK, "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", out],
            check_rc=0, env=dict(os.environ))
        deb = os.path.join(out, "racelab_%s_amd64.deb" % VERSION)
        expect(os.path.isfile(deb), "cpack wrote " + deb, "\n".join(os.listdir(out)))
        print("%s: %.1f MiB" % (os.path.basename(deb), os.path.getsize(deb) / 2**20))
        check_control(deb)
        root = os.path.join(tmp, "root")
        check_files(deb, root)
        check_lint(root, tmp)
        check_consumer(root, tmp)
    finally:
        shutil.rmtree(tmp)
    print("ok: deb-package")


if __name__ == "__main__":
    main()
