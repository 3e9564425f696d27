#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`certcheck probe` benchmark.

usage: bench/probe-bench.py [BUILD_DIR]   (default: build; needs root and
       the strongSwan lab's packages: scripts/setup.sh)

1. A responsive gateway: the lab's real charon (tests/lab) in a network
   namespace, probed from the road warrior's over the veth, 20 times:
   the median and slowest wall time of the whole command (goal: under
   100 ms); charon's cookie and per-address limits off, as 20 half-open
   IKE_SAs from one address would meet them.
2. A silent gateway: a UDP socket on 127.0.0.1 that never answers,
   --timeout 1, 5 times: the wall time against the timeout (goal: at most
   1.1x).
"""
import importlib.util
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LAB = os.path.join(HERE, "..", "tests", "lab")
sys.path.insert(0, LAB)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
import lab  # noqa: E402
from scratch import scratch_dir  # noqa: E402


def lab_module():
    spec = importlib.util.spec_from_file_location(
        "test_lab", os.path.join(LAB, "test_lab.py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    cc = os.path.join(build, "certcheck")
    why = lab.missing()
    t = lab_module()
    work = scratch_dir("certcheck-probe-bench-")
    if why:
        print(f"1. skipped: the lab cannot run here: {why}")
    else:
        lab.run(os.path.join(build, "testcerts", "mklabpki"), work + "/pki")
        pki = work + "/pki/healthy"
        with lab.Pair(f"{os.getpid() % 10000}b") as pair:
            # each probe leaves a half-open IKE_SA for 30 s: charon's
            # cookies (from the 3rd of one address) and its silence (from
            # the 5th) put out of reach (receiver.c:48-50; 0 would make
            # the block threshold 1), so that each probe measures the
            # exchange
            gw = lab.Charon(pair.gw, os.path.join(work, "gw"), t.FAKETIME,
                            "cookie_threshold = 10000\n  cookie_threshold_ip "
                            "= 1000\n  block_threshold = 2000")
            lab.swanctl_dir(gw.d, f"{pki}/gw.pem", f"{pki}/gw.key",
                            [f"{pki}/ca.pem"],
                            t.GW_CONF.format(gw=lab.GW_ADDR, gw_id=t.GW_ID,
                                             revocation="relaxed",
                                             remote_extra=""))
            try:
                gw.start()
                gw.swanctl("--load-all", "--noprompt")
                walls = []
                for _ in range(20):
                    start = time.monotonic()
                    r = subprocess.run(
                        ["ip", "netns", "exec", pair.rw, cc, "probe",
                         lab.GW_ADDR, "--peer", f"{pki}/rw.pem",
                         "--untrusted", f"{pki}/ca.pem", "--timeout", "3",
                         "-q"], capture_output=True, text=True)
                    walls.append((time.monotonic() - start) * 1000)
                    assert r.stdout.strip() == "ok", r.stdout + r.stderr
            finally:
                gw.stop()
        walls.sort()
        print(f"1. a responsive gateway (charon on the lab's veth, 20 "
              f"probes): median {walls[10]:.1f} ms, slowest "
              f"{walls[-1]:.1f} ms wall, ip netns exec included (goal: "
              f"under 100 ms)")
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    port = silent.getsockname()[1]
    ratios = []
    for _ in range(5):
        start = time.monotonic()
        subprocess.run([cc, "probe", f"127.0.0.1:{port}", "--timeout", "1",
                        "-q"], capture_output=True)
        ratios.append(time.monotonic() - start)
    silent.close()
    ratios.sort()
    print(f"2. a silent gateway, --timeout 1 (5 probes): median "
          f"{ratios[2]:.3f} s, slowest {ratios[-1]:.3f} s: "
          f"{ratios[-1] / 1.0:.3f}x the timeout (goal: at most 1.1x)")


if __name__ == "__main__":
    main()
