#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Debian package, built and installed as an administrator would:
scripts/package.sh builds certcheck_VERSION_ARCH.deb; lintian must report
no error; `apt-get install ./certcheck_*.deb` installs it with the
Depends dpkg-shlibdeps found; the installed certcheck must say its
version and find its network module, `man certcheck` must show the man
page, bash must complete its options, and the demo must give its root
cause; then the package is purged and nothing of it is left.

usage: test_package.py SOURCE_DIR TESTPKI

Needs root (apt-get); skips (77) without it, or when the package is
already installed from elsewhere.  Ends with 'N passed, N failed'.
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from tally import Tally  # noqa: E402


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                          **kw)


def main():
    src, pki = (os.path.abspath(a) for a in sys.argv[1:3])
    if os.geteuid() != 0:
        print("SKIP: installing a package needs root")
        return 77
    if run("dpkg-query", "-W", "certcheck").returncode == 0:
        print("SKIP: a certcheck package is already installed")
        return 77
    tally = Tally()
    p = run("sh", os.path.join(src, "scripts", "package.sh"))
    deb = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    tally.verdict("package: scripts/package.sh builds certcheck_*.deb",
                  [] if p.returncode == 0 and
                  os.path.basename(deb).startswith("certcheck_") and
                  deb.endswith(".deb") else [p.stderr[-600:]])
    if not deb.endswith(".deb"):
        return tally.close()
    info = run("dpkg-deb", "-f", deb, "Depends").stdout
    tally.verdict("package: Depends found by dpkg-shlibdeps",
                  [] if all(lib in info for lib in (
                      "libssl3", "libcurl4", "libc-ares2", "libjson-c5"))
                  else [info])
    if shutil.which("lintian"):
        p = run("lintian", deb)
        errors = [ln for ln in p.stdout.splitlines() if ln.startswith("E:")]
        tally.verdict("package: lintian reports no error", errors)
    else:
        print("SKIP package: lintian (not installed)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    p = run("apt-get", "install", "-y", "-qq", deb, env=env)
    tally.verdict("package: apt-get install ./certcheck_*.deb",
                  [] if p.returncode == 0 else [p.stderr[-600:]])
    try:
        p = run("/usr/bin/certcheck", "--version")
        tally.verdict("package: the installed certcheck finds its network "
                      "module", [] if p.returncode == 0 and
                      "network module: libcurl" in p.stdout
                      else [p.stdout + p.stderr])
        p = run("man", "certcheck", env=dict(env, MANPAGER="cat",
                                              PAGER="cat", MANWIDTH="80"))
        tally.verdict("package: man certcheck",
                      [] if p.returncode == 0 and "CHECK IDS" in p.stdout
                      else [p.stderr[-300:]])
        p = run("bash", "-c",
                "source /usr/share/bash-completion/bash_completion && "
                "source /usr/share/bash-completion/completions/certcheck && "
                "COMP_WORDS=(certcheck crl --for); COMP_CWORD=2; "
                "COMP_LINE='certcheck crl --for'; COMP_POINT=19; "
                "_certcheck; echo \"${COMPREPLY[*]}\"; "
                "COMP_WORDS=(certcheck log --format n); COMP_CWORD=3; "
                "COMP_LINE='certcheck log --format n'; COMP_POINT=24; "
                "_certcheck; echo \"${COMPREPLY[*]}\"")
        lines = p.stdout.splitlines()
        tally.verdict("package: bash completes options and their values",
                      [] if lines[:2] == ["--format", "nagios"]
                      else [p.stdout + p.stderr[-300:]])
        demo = os.path.join(pki, "demo")
        p = run("/usr/bin/certcheck", "diagnose", "--local", "gw.pem",
                "--peer", "alice.p12", "--password-file", "password.txt",
                "--ca", "root.pem", "--untrusted", "issuing.pem",
                "--no-network", "--at", "2026-06-01T12:00:00Z",
                "--format", "json", cwd=demo)
        root = json.loads(p.stdout).get("root_cause") if p.stdout else None
        tally.verdict("package: the demo's root cause",
                      [] if p.returncode == 1 and root == "ca-mismatch"
                      else [f"exit {p.returncode}, {root}: "
                            f"{p.stderr[-300:]}"])
    finally:
        p = run("apt-get", "purge", "-y", "-qq", "certcheck", env=env)
    left = [f for f in ("/usr/bin/certcheck",
                        "/usr/share/man/man1/certcheck.1.gz",
                        "/usr/share/bash-completion/completions/certcheck",
                        "/usr/share/doc/certcheck") if os.path.exists(f)]
    tally.verdict("package: purged, nothing left",
                  [] if p.returncode == 0 and not left else
                  [p.stderr[-300:]] + left)
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
