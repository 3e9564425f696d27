# SPDX-License-Identifier: MIT
"""What the benchmark scripts share: hyperfine medians and peak memory."""
import json
import os
import subprocess


def medians(cmds, cwd, runs=30, warmup=3, pipe=False):
    """{name: median seconds} of the commands [(name, command)], run
    interleaved by hyperfine in one run.  pipe: their output goes to a
    pipe that is read, not to /dev/null (where GNU grep stops at its
    first match)."""
    out = os.path.join(cwd, "hf.json")
    args = ["hyperfine", "-N", "-i", "--warmup", str(warmup), "--runs",
            str(runs), "--export-json", out] + ["--output=pipe"] * pipe
    for name, cmd in cmds:
        args += ["-n", name, cmd]
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return {r["command"]: r["median"] for r in json.load(open(out))["results"]}


def peak_kib(cmd, cwd):
    """Peak resident memory of one run (GNU time), KiB."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd.split(), cwd=cwd,
                       capture_output=True, text=True)
    return int(p.stderr.strip().splitlines()[-1])
