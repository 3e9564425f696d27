#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""swanctl.conf import benchmark: a configuration of CONNS connections
(each with local and remote rounds, children, a template it references,
spread over include files) read and one connection chosen, against the
same `certcheck pair` given the files as options (the baseline, run in the
same hyperfine run): the difference is what reading the configuration
costs.

usage: bench/swanctl-bench.py [BUILD_DIR] [CONNS]   (default build, 1000)
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
from benchlib import medians  # noqa: E402
from scratch import scratch_dir  # noqa: E402


def remote_id(c, n):
    """Every connection's peers are of one site but the last's, which
    takes the test PKI's alice (no OU): charon's selection must score all
    1,000 to find it."""
    if c == n - 1:
        return "C=SE, O=Example Corp, CN=*"
    return f"C=SE, O=Example Corp, OU=Site{c}, CN=*"


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    d = scratch_dir("certcheck-swanctl-bench-")
    pki = os.path.join(build, "testpki", "healthy")
    for sub in ("x509", "x509ca", "conf.d"):
        os.makedirs(os.path.join(d, sub))
    shutil.copy(os.path.join(pki, "gw.pem"), os.path.join(d, "x509"))
    shutil.copy(os.path.join(pki, "root.pem"), os.path.join(d, "x509ca"))
    with open(os.path.join(d, "swanctl.conf"), "w") as f:
        f.write("connections {\n  base {\n    version = 2\n"
                "    proposals = aes256-sha384-ecp384\n  }\n"
                "  include conf.d/*.conf\n}\n")
    for k in range(0, n, 100):
        with open(os.path.join(d, "conf.d", f"{k:05d}.conf"), "w") as f:
            for c in range(k, min(k + 100, n)):
                f.write(f"c{c:05d} : connections.base {{\n"
                        f"  local_addrs = 192.0.2.1\n"
                        f"  remote_addrs = 10.{c // 250}.{c % 250}.0/24\n"
                        f"  local {{ auth = pubkey\n    certs = gw.pem\n"
                        f"    id = \"C=SE, O=Example Corp, CN=gw\" }}\n"
                        f"  remote {{ auth = pubkey\n"
                        f"    id = \"{remote_id(c, n)}\"\n"
                        f"    revocation = ifuri }}\n"
                        f"  children {{ net {{ local_ts = 10.255.0.0/16\n"
                        f"    esp_proposals = aes256gcm16 }} }}\n}}\n")
    cc = os.path.join(build, "certcheck")
    last = f"c{n - 1:05d}"
    common = (f"--peer {pki}/alice.pem --untrusted {pki}/issuing.pem "
              f"--at 2026-06-01T12:00:00Z -q")
    t = medians([
        ("swanctl", f"{cc} pair --swanctl {d}/swanctl.conf --conn {last} "
                    f"{common}"),
        ("selected", f"{cc} pair --swanctl {d}/swanctl.conf {common}"),
        ("options", f"{cc} pair --local {pki}/gw.pem --ca {pki}/root.pem "
                    f"--gateway strongswan {common}"),
    ], d, runs=20, warmup=2)
    extra = (t["swanctl"] - t["options"]) * 1000
    print(f"{n} connections in {(n + 99) // 100} included files: pair "
          f"--swanctl {t['swanctl'] * 1000:.1f} ms, with options "
          f"{t['options'] * 1000:.1f} ms (ratio "
          f"{t['swanctl'] / t['options']:.2f}); reading the configuration "
          f"and choosing the last connection: {extra:.1f} ms; selected as "
          f"charon does (every connection scored) "
          f"{t['selected'] * 1000:.1f} ms, "
          f"{(t['selected'] - t['options']) * 1000:.1f} ms over options")


if __name__ == "__main__":
    main()
