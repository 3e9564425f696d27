#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ID-list benchmarks at a large CA's scale: ratios against baselines run
in the same script (hyperfine medians), and peak memory (GNU time).

usage: bench/idlist-bench.py [BUILD_DIR] [--quick]

1. 10,000 users against 1,000 entries, 10% landing: `certcheck idlist`
   against bench/rawsubjects with a hash lookup (the floor: subjects and
   subjectAltNames decoded and looked up, nothing else) and against
   `openssl storeutl -noout -text` over the same bundle.
2. 100,000 users against 10,000 entries, 30% landing: against the same
   floor; peak memory.
3. One list of 390,000 entries, and 3,000 tunnels of 130 entries: the
   file read and its shadowing and duplicates found (one certificate
   lands), against `sort -u` of the same file.
4. `certcheck diagnose --idlist` with those 3,000 tunnels, for one peer,
   against the same diagnose without --idlist.
--quick: a tenth of every size (a smoke run).
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
from benchlib import medians, peak_kib  # noqa: E402
from scratch import scratch_dir  # noqa: E402


def users(build, d, n, m, landing):
    sub = os.path.join(d, f"u{n}")
    subprocess.run([os.path.join(build, "bench", "mkusers"), sub, str(n),
                    str(m), str(landing)], check=True,
                   stderr=subprocess.DEVNULL)
    with open(os.path.join(sub, "idlist.conf")) as f, \
            open(os.path.join(sub, "keys.txt"), "w") as k:
        k.writelines(line[2:] for line in f if line.startswith("  "))
    return sub


def ms(t):
    return f"{t * 1000:.0f} ms"


def main():
    args = [a for a in sys.argv[1:] if a != "--quick"]
    scale = 10 if "--quick" in sys.argv else 1
    build = os.path.abspath(args[0] if args else "build")
    cc = os.path.join(build, "certcheck")
    raw = os.path.join(build, "bench", "rawsubjects")
    d = scratch_dir("certcheck-bench-")
    runs = {"runs": 10, "warmup": 1}

    for n, m, landing, label in ((10000 // scale, 1000 // scale, 10, "1"),
                                 (100000 // scale, 10000 // scale, 30, "2")):
        sub = users(build, d, n, m, landing)
        cmds = [("certcheck", f"{cc} idlist --idlist idlist.conf users.pem -q"),
                ("floor", f"{raw} users.pem keys.txt")]
        if label == "1":
            cmds.append(("storeutl", "openssl storeutl -noout -text users.pem"))
        t = medians(cmds, sub, **runs)
        line = (f"{label}. {n} users, {m} entries, {landing}% landing: "
                f"certcheck {ms(t['certcheck'])}, floor {ms(t['floor'])} "
                f"(ratio {t['certcheck'] / t['floor']:.2f})")
        if "storeutl" in t:
            line += (f", storeutl {ms(t['storeutl'])} "
                     f"(ratio {t['certcheck'] / t['storeutl']:.2f})")
        print(line)
        print(f"   peak memory: {peak_kib(cmds[0][1], sub) / 1024:.1f} MiB")

    lists = os.path.join(d, "lists")
    subprocess.run([sys.executable, os.path.join(HERE, "mklists.py"), lists,
                    str(390000 // scale), str(3000 // scale), "130"],
                   check=True)
    user = os.path.join(d, "u" + str(10000 // scale), "users", "u0000001.pem")
    for conf, label in (("one.conf", f"one list of {390000 // scale} entries"),
                        ("many.conf", f"{3000 // scale} tunnels of 130")):
        t = medians([("certcheck",
                      f"{cc} idlist --idlist {conf} {user} -q"),
                     ("sort", f"sort -u {conf} -o /dev/null")], lists, **runs)
        print(f"3. {label}: certcheck {ms(t['certcheck'])}, sort -u "
              f"{ms(t['sort'])} (ratio {t['certcheck'] / t['sort']:.2f}); "
              f"peak {peak_kib(f'{cc} idlist --idlist {conf} {user} -q', lists) / 1024:.0f} MiB")

    demo = os.path.join(build, "testpki", "demo")
    base = (f"{cc} diagnose --local {demo}/gw.pem --peer {demo}/alice.pem "
            f"--ca {demo}/root.pem --untrusted {demo}/issuing.pem "
            f"--no-network -q --at 2026-06-01T00:00:00Z")
    t = medians([("with", f"{base} --idlist many.conf"), ("without", base)],
                lists, **runs)
    print(f"4. diagnose --idlist, {3000 // scale} tunnels of 130: "
          f"{ms(t['with'])}, without --idlist {ms(t['without'])} "
          f"(ratio {t['with'] / t['without']:.2f})")


if __name__ == "__main__":
    main()
