#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ID-list benchmark: ratios against baselines run in the same script.

usage: bench/idlist-bench.py [BUILD_DIR] [USERS] [ENTRIES]
       (default: build, 10000, 1000; needs hyperfine and GNU time)

USERS certificates, as one PEM bundle and as a directory of files, against
an ID list of ENTRIES entries:
- `certcheck idlist` against `openssl storeutl -noout -text` listing the
  same bundle (the fastest stock way to read that many subjects);
- against bench/rawsubjects, a bare program that decodes only their
  subjects and subjectAltNames (the floor; for the directory, the same
  program over every file);
- with 1 entry against with ENTRIES (what the hashed list costs);
- peak memory (GNU time).
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
from benchlib import medians, peak_kib  # noqa: E402
from scratch import scratch_dir  # noqa: E402


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    users = sys.argv[2] if len(sys.argv) > 2 else "10000"
    entries = sys.argv[3] if len(sys.argv) > 3 else "1000"
    d = scratch_dir("certcheck-bench-")
    subprocess.run([os.path.join(build, "bench", "mkusers"), d, users, entries],
                   check=True)
    with open(os.path.join(d, "one.conf"), "w") as f:
        f.write("tunnel Staff idlist=Staff\ntunnel Rest\nidlist Staff\n"
                "  dn C=SE, O=Example Corp, OU=Sales, CN=user000000\n")
    cc = os.path.join(build, "certcheck")
    raw = os.path.join(build, "bench", "rawsubjects")
    files = " ".join(os.path.join("users", n)
                     for n in sorted(os.listdir(os.path.join(d, "users"))))
    with open(os.path.join(d, "rawdir.sh"), "w") as f:
        f.write(f"#!/bin/sh\nfor f in users/*.pem; do {raw} \"$f\"; done >/dev/null\n")
    cmds = [
        ("certcheck bundle", f"{cc} idlist --idlist idlist.conf users.pem -q"),
        ("certcheck bundle json", f"{cc} idlist --idlist idlist.conf users.pem "
                                  "--format json"),
        ("certcheck bundle 1 entry", f"{cc} idlist --idlist one.conf users.pem -q"),
        ("certcheck dir", f"{cc} idlist --idlist idlist.conf users -q"),
        ("storeutl", "openssl storeutl -noout -text users.pem"),
        ("raw bundle", f"{raw} users.pem"),
    ]
    del files
    t = medians(cmds, d)
    print(f"{users} certificates, an ID list of {entries} entries (medians):")
    print(f"  bundle: certcheck {t['certcheck bundle'] * 1000:.0f} ms; "
          f"openssl storeutl {t['storeutl'] * 1000:.0f} ms "
          f"(certcheck {t['storeutl'] / t['certcheck bundle']:.1f}x faster); "
          f"raw subjects+SANs {t['raw bundle'] * 1000:.0f} ms "
          f"(ratio {t['certcheck bundle'] / t['raw bundle']:.2f})")
    print(f"  bundle with --format json: {t['certcheck bundle json'] * 1000:.0f} ms")
    print(f"  {entries} entries against 1: ratio "
          f"{t['certcheck bundle'] / t['certcheck bundle 1 entry']:.2f}")
    print(f"  directory of files: certcheck {t['certcheck dir'] * 1000:.0f} ms")
    for name in ("certcheck bundle", "certcheck dir", "certcheck bundle json"):
        cmd = dict(cmds)[name]
        print(f"  peak memory, {name}: {peak_kib(cmd, d) / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
