#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""OCSP benchmarks, each a ratio against a baseline measured in the same run.

usage: bench/ocsp-bench.py [BUILD_DIR]   (default: build)
needs: hyperfine (apt-get install hyperfine)

1. 100 certificates, each with one OCSP and one CRL URL that never answer,
   --timeout 2: certcheck's wall time against the timeout (goal: at most
   1.25x).
2. One OCSP round trip over loopback (a response openssl ocsp made,
   served by the tests' scripted server): what the round trip adds to
   certcheck (the run against the same run with --no-network, as
   crl-bench.py's fetch) against `openssl ocsp`'s own client asking the same
   server (goal: at most 1.2x); the whole runs' ratio is printed too.
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
from benchlib import medians  # noqa: E402


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    cc = os.path.join(build, "certcheck")
    mkpki = os.path.join(build, "testcerts", "mkcrlpki")
    at = f"@{int(time.time())}"

    print("1. 100 certificates, each with an OCSP and a CRL URL that never "
          "answer, --timeout 2")
    d = scratch_dir("certcheck-bench-")
    http = servers.ScriptedHTTP(d, {"/hang": ("hang", 8),
                                    "/ocsp": ("hang", 8)})
    try:
        base = f"http://127.0.0.1:{http.port}"
        leaves = [f"l{i}={base}/hang ocsp:{base}/ocsp" for i in range(100)]
        subprocess.run([mkpki, d] + leaves, check=True)
        cmd = [cc, "crl"] + [f"l{i}.pem" for i in range(100)] + [
            "--ca", "root.pem", "--untrusted", "issuing.pem", "--gateway",
            "strongswan", "--timeout", "2", "--at", at, "--format", "json"]
        start = time.monotonic()
        p = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
        took = time.monotonic() - start
        if '"kind": "ocsp"' not in p.stdout.replace('":"', '": "'):
            sys.exit(f"certcheck asked no OCSP responder: {p.stderr}")
        print(f"   certcheck {took:.2f} s = {took / 2:.2f}x the timeout "
              f"(200 URLs)")
    finally:
        http.stop()

    print("2. one OCSP round trip over loopback (medians of 30 runs)")
    d = scratch_dir("certcheck-bench-")
    http = servers.ScriptedHTTP(d, {})
    try:
        url = f"http://127.0.0.1:{http.port}/ocsp"
        subprocess.run([mkpki, d, f"leaf=ocsp:{url}"], check=True)
        subprocess.run(["openssl", "ocsp", "-issuer", "issuing.pem", "-cert",
                        "leaf.pem", "-no_nonce", "-reqout", "req.der"],
                       cwd=d, check=True, capture_output=True)
        subprocess.run(["openssl", "ocsp", "-index", "index.txt", "-CA",
                        "issuing.pem", "-rsigner", "issuing.pem", "-rkey",
                        "issuing.key", "-reqin", "req.der", "-respout",
                        "resp.der", "-ndays", "1"], cwd=d, check=True,
                       capture_output=True)
        with open(os.path.join(d, "resp.der"), "rb") as f:
            http.table["/ocsp"] = ("bytes", f.read(),
                                   "application/ocsp-response")
        ours = (f"{cc} crl leaf.pem --ca root.pem --untrusted issuing.pem "
                f"--gateway strongswan --ocsp-nonce-len 0 --at {at} -q")
        theirs = (f"openssl ocsp -issuer issuing.pem -cert leaf.pem -url "
                  f"{url} -CAfile root.pem -no_nonce")
        for name, cmd in (("certcheck", ours), ("openssl", theirs)):
            q = subprocess.run(cmd.split(), cwd=d, capture_output=True,
                               text=True)
            if not {"certcheck": q.stdout.strip() == "ok",
                    "openssl": "leaf.pem: good" in q.stdout}[name]:
                sys.exit(f"{name} did not get the answer: {q.stdout}"
                         f"{q.stderr}")
        offline = ours + " --no-network"
        t = medians([("certcheck", ours), ("offline", offline),
                     ("openssl", theirs)], d)
        added = t["certcheck"] - t["offline"]
        print(f"   certcheck {t['certcheck'] * 1000:.1f} ms, without the "
              f"network {t['offline'] * 1000:.1f} ms: the round trip adds "
              f"{added * 1000:.1f} ms; openssl ocsp's client "
              f"{t['openssl'] * 1000:.1f} ms in all (ratio "
              f"{added / t['openssl']:.2f}; whole runs "
              f"{t['certcheck'] / t['openssl']:.2f}: certcheck maps "
              f"libcurl and its libraries, openssl ocsp none)")
    finally:
        http.stop()


if __name__ == "__main__":
    main()
