#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CRL benchmarks, each a ratio against a baseline measured in the same run.

usage: bench/crl-bench.py [BUILD_DIR] [ENTRIES]   (default: build, 1000000)
needs: hyperfine, GNU time, curl, strongswan-pki (apt-get install hyperfine
time curl strongswan-pki)

1. A CRL of ENTRIES entries, sorted and unsorted, given with --crl:
   certcheck against `openssl verify -crl_check`, strongSwan's `pki --verify
   --crl`, and bench/rawpass (one pass over the raw bytes: the floor).
2. 8 CRL URLs that never answer, --timeout 2: certcheck's wall time against
   the timeout and against fetching them one after the other (curl).
3. The big CRL fetched over loopback: what the fetch adds to certcheck
   against `curl -s -o /dev/null` for the same URL.
Everything runs on 127.0.0.1; every server is stopped by this script.
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
import servers  # noqa: E402
from scratch import scratch_dir  # noqa: E402
from benchlib import medians, peak_kib  # noqa: E402


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    entries = sys.argv[2] if len(sys.argv) > 2 else "1000000"
    cc = os.path.join(build, "certcheck")
    now = int(time.time())
    at = f"@{now}"

    print(f"1. a {entries}-entry CRL given with --crl (medians of 5 runs)")
    for order in ("unsorted", "sorted"):
        d = scratch_dir("certcheck-bench-")
        subprocess.run([os.path.join(build, "bench", "mkbigcrl"), d, entries,
                        order, str(now)], check=True)
        size = os.path.getsize(os.path.join(d, "big.crl"))
        cmds = [
            ("certcheck", f"{cc} crl leaf.pem --ca root.pem --untrusted issuing.pem "
                          f"--crl big.crl --no-network --at {at} -q"),
            ("openssl", f"openssl verify -attime {now} -crl_check -CRLfile big.crl "
                        "-CAfile root.pem -untrusted issuing.pem leaf.pem"),
            ("pki", "pki --verify --in leaf.pem --cacert issuing.pem "
                    "--cacert root.pem --crl big.crl"),
            ("rawpass", f"{build}/bench/rawpass big.crl issuing.pem leaf.pem"),
        ]
        for name, cmd in cmds:  # each must run as intended
            p = subprocess.run(cmd.split(), cwd=d, capture_output=True, text=True)
            ok = {"certcheck": p.stdout.strip() == "ok",
                  "openssl": "leaf.pem: OK" in p.stdout,
                  "pki": "status is good" in p.stdout + p.stderr,
                  "rawpass": "not revoked" in p.stdout}[name]
            if not ok:
                sys.exit(f"{name} did not check the CRL: {p.stdout}{p.stderr}")
        t = medians(cmds, d, runs=5, warmup=1)
        mem = peak_kib(cmds[0][1], d)
        print(f"   {order:8} {size / 1e6:5.1f} MB: certcheck {t['certcheck']:.3f} s; "
              f"openssl {t['openssl']:.3f} s (ratio {t['certcheck'] / t['openssl']:.2f}); "
              f"pki {t['pki']:.3f} s (ratio {t['certcheck'] / t['pki']:.2f}); "
              f"raw pass {t['rawpass']:.3f} s (ratio {t['certcheck'] / t['rawpass']:.2f}); "
              f"peak memory {mem / 1024:.0f} MiB = {mem * 1024 / size:.2f}x the CRL")

    print("2. 8 URLs that never answer, --timeout 2")
    d = scratch_dir("certcheck-bench-")
    http = servers.ScriptedHTTP(d, {f"/hang{i}": ("hang", 6) for i in range(8)})
    try:
        urls = " ".join(f"http://127.0.0.1:{http.port}/hang{i}" for i in range(8))
        subprocess.run([os.path.join(build, "testcerts", "mkcrlpki"), d,
                        f"hang8={urls}"], check=True)
        start = time.monotonic()
        subprocess.run([cc, "crl", "hang8.pem", "--ca", "root.pem", "--untrusted",
                        "issuing.pem", "--timeout", "2", "--at", at, "-q"],
                       cwd=d, capture_output=True)
        ours = time.monotonic() - start
        start = time.monotonic()
        for u in urls.split():
            subprocess.run(["curl", "-s", "-o", "/dev/null", "--max-time", "2", u])
        seq = time.monotonic() - start
        print(f"   certcheck {ours:.2f} s = {ours / 2:.2f}x the timeout; one after "
              f"the other with curl {seq:.2f} s = {seq / 2:.2f}x")
    finally:
        http.stop()

    print("3. the big CRL fetched over loopback (medians of 5 runs)")
    d = scratch_dir("certcheck-bench-")
    real = servers.RealHTTP(d)
    try:
        url = f"http://127.0.0.1:{real.port}/big.crl"
        subprocess.run([os.path.join(build, "bench", "mkbigcrl"), d, entries,
                        "unsorted", str(now)], check=True)
        local = f"{cc} crl leaf.pem --ca root.pem --untrusted issuing.pem " \
                f"--crl big.crl --no-network --at {at} -q"
        fetch = f"{cc} crl leaf.pem --ca root.pem --untrusted issuing.pem " \
                f"--url {url} --at {at} -q"
        t = medians([("local", local), ("fetch", fetch),
                     ("curl", f"curl -s -o /dev/null {url}")], d, runs=5,
                    warmup=1)
        added = t["fetch"] - t["local"]
        mem = peak_kib(fetch, d)
        print(f"   certcheck with the fetch {t['fetch']:.3f} s, with the file "
              f"{t['local']:.3f} s: the fetch adds {added:.3f} s; curl {t['curl']:.3f} s "
              f"(ratio {added / t['curl']:.2f}); peak memory {mem / 1024:.0f} MiB")
    finally:
        real.stop()


if __name__ == "__main__":
    main()
