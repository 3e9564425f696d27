#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`certcheck log` benchmark: a strongSwan log of NEGOTIATIONS negotiations
and SIZE_MB (bench/mklog.py writes it: syslog lines, eight IKE_SAs
interleaved, one in ten failing), read by `certcheck log --format json`,
against `grep -c IKE` over the same file in the same hyperfine run (the
baseline: the cost of reading every byte once); and certcheck's peak
memory (GNU time).  Goals: at most 2x grep's time, under 64 MiB.  The
file is read from the page cache in both (hyperfine's warm-up reads it).

usage: bench/log-bench.py [BUILD_DIR] [NEGOTIATIONS] [SIZE_MB]
       (default: build, 100000, 1024)
needs: hyperfine (apt-get install hyperfine), /usr/bin/time (time)
"""
import json
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
    negos = sys.argv[2] if len(sys.argv) > 2 else "100000"
    size = sys.argv[3] if len(sys.argv) > 3 else "1024"
    d = scratch_dir("certcheck-log-bench-")
    log = os.path.join(d, "charon.log")
    subprocess.run([sys.executable, os.path.join(HERE, "mklog.py"), log,
                    negos, size], check=True)
    cc = (f"{build}/certcheck log {log} --format json --year 2026 "
          f"--utc")
    # the report must be right before its time counts
    rep = json.loads(subprocess.run(cc.split(), capture_output=True,
                                    text=True).stdout)
    count = [f["evidence"] for f in rep["findings"]
             if f["check"] == "log.established"][-1]
    assert count["negotiations"] == int(negos), count
    assert count["failed"] == int(negos) // 10, count
    t = medians([("grep", f"grep -c IKE {log}"), ("certcheck", cc)], d,
                runs=5, warmup=1, pipe=True)
    peak = peak_kib(cc, d)
    mb = os.path.getsize(log) / 1e6
    print(f"{negos} negotiations, {mb:.0f} MB, "
          f"{rep['root_cause']} the root cause")
    print(f"grep -c IKE      {t['grep'] * 1000:8.0f} ms")
    print(f"certcheck log    {t['certcheck'] * 1000:8.0f} ms   "
          f"{t['certcheck'] / t['grep']:.2f}x grep (goal: at most 2x), "
          f"{mb / t['certcheck']:.0f} MB/s")
    print(f"peak memory      {peak / 1024:8.1f} MiB (goal: under 64)")


if __name__ == "__main__":
    main()
