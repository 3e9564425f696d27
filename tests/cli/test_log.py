#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of `certcheck log` on strongSwan log fixtures.

usage: test_log.py CERTCHECK

The fixtures are lines as charon 5.9.8 logs them (the strongSwan lab's
real logs are judged in tests/lab too): the file logger with ike_name, its
syslog form, lines without an IKE_SA name, several negotiations in one
file.  Each report's JSON is checked against doc/report.md's rules.  Ends
with 'N passed, N failed'.
"""
import json
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from scratch import scratch_dir  # noqa: E402
from spec import spec_problems  # noqa: E402
from tally import Tally  # noqa: E402

WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
RW = "C=CH, O=Lab, CN=rw.lab.test"
RECV = "{t}[NET] <lab|{n}> received packet: from 198.18.0.2[4500] to " \
       "198.18.0.1[4500] (944 bytes)\n"


def nego(n, *lines, t="10"):
    """The lines of IKE_SA lab|n on thread t."""
    return RECV.format(t=t, n=n) + "".join(
        f"{t}[{grp}] <lab|{n}> {msg}\n" for grp, msg in lines)


FIXTURES = {
    "ca-mismatch": nego(
        1, ("CFG", f'no issuer certificate found for "{RW}"'),
        ("CFG", '  issuer is "C=CH, O=Lab, CN=Lab Root CA"'),
        ("IKE", f"no trusted ECDSA public key found for '{RW}'")),
    "validity": nego(
        1, ("CFG", "subject certificate invalid (valid from Apr 27 "
                   "12:00:00 2025 to May 22 12:00:00 2026)"),
        ("IKE", f"no trusted ECDSA public key found for '{RW}'")),
    "crl-unreachable": nego(
        1, ("LIB", "libcurl request failed [6]: Could not resolve host: "
                   "crl.nowhere.test"),
        ("CFG", "crl fetching failed"),
        ("CFG", "constraint check failed: RULE_CRL_VALIDATION is FAILED, "
                "but requires at least SKIPPED")),
    "revoked": nego(
        1, ("CFG", "certificate was revoked on May 30 12:00:00 UTC 2026, "
                   "reason: key compromise"),
        ("IKE", f"no trusted ECDSA public key found for '{RW}'")),
    "identity": nego(
        1, ("IKE", "no trusted ECDSA public key found for "
                   "'nobody@lab.test'")),
    "wrong-certificate": nego(
        1, ("IKE", "rejecting certificate without digitalSignature or "
                   "nonRepudiation keyUsage flags"),
        ("IKE", "signature validation failed, looking for another key")),
    "idlist": nego(1, ("CFG", "no matching peer config found")),
}


def main():
    binary = os.path.abspath(sys.argv[1])
    d = scratch_dir("certcheck-log-")
    tally = Tally()
    verdict = tally.verdict

    def run(args, stdin=None):
        p = subprocess.run(WRAPPER + [binary, "log"] + args +
                           ["--format", "json"], cwd=d, input=stdin,
                           capture_output=True, text=True, timeout=60)
        try:
            return p.returncode, json.loads(p.stdout), p.stderr
        except ValueError:
            return p.returncode, None, p.stderr

    def judged(name, rc, rep, err, cause, extra=()):
        if rep is None:
            return verdict(name, [f"exit {rc}: {err}"])
        probs = spec_problems(rep, rc, "log", [])
        if rep["root_cause"] != cause:
            probs.append(f"root cause {rep['root_cause']}, want {cause}")
        for check, status in extra:
            got = [f["status"] for f in rep["findings"]
                   if f["check"] == check]
            if status not in got:
                probs.append(f"{check}: {got}, want {status}")
        verdict(name, probs)

    for cause, text in FIXTURES.items():
        path = os.path.join(d, f"{cause}.log")
        with open(path, "w") as f:
            f.write(text)
        rc, rep, err = run([path])
        judged(f"log: {cause}", rc, rep, err, cause,
               [(f"log.{cause}", "fail")])
        # the same lines as syslog writes them, from standard input
        syslog = "".join(f"Jun  1 12:00:00 gw charon: {ln}\n"
                         for ln in text.splitlines())
        rc, rep, err = run(["-", "--year", "2026"], stdin=syslog)
        judged(f"log: {cause}, as syslog on standard input", rc, rep, err,
               cause)
        if rep and cause == "ca-mismatch":
            n = [x for x in rep["negotiations"] if x["status"] == "failed"]
            verdict("log: syslog times read with --year", [] if n and
                    n[0]["time"] == "2026-06-01T12:00:00Z" and
                    n[0]["address"] == "198.18.0.2" and
                    n[0]["cas"] == ["C=CH, O=Lab, CN=Lab Root CA"]
                    else [f"{n}"])

    # the most recent failure decides; an earlier one is likely
    path = os.path.join(d, "two.log")
    with open(path, "w") as f:
        f.write(FIXTURES["identity"].replace("lab|1", "lab|7") +
                FIXTURES["revoked"].replace("lab|1", "lab|8"))
    rc, rep, err = run([path])
    judged("log: the most recent failure is the root cause", rc, rep, err,
           "revoked", [("log.revoked", "fail"), ("log.identity", "warn")])
    rc, rep, err = run([path, "--remote", "nobody@lab.test"])
    judged("log: --remote keeps one peer", rc, rep, err, "identity")

    # up, then refused by the other side: read that side
    path = os.path.join(d, "refused.log")
    with open(path, "w") as f:
        f.write(nego(3, ("IKE", "IKE_SA lab[3] established between "
                                "198.18.0.1[gw]...198.18.0.2[rw]"),
                     ("ENC", "parsed INFORMATIONAL request 2 "
                             "[ N(AUTH_FAILED) ]")) +
                nego(4, ("IKE", "IKE_SA lab[4] established between "
                                "198.18.0.1[gw]...198.18.0.2[rw]")))
    rc, rep, err = run([path])
    judged("log: the other side refused", rc, rep, err, None,
           [("log.peer-refused", "info")])
    rc, rep, err = run([path, "--all"])
    judged("log: --all lists what was established", rc, rep, err, None,
           [("log.established", "info")])
    if rep:
        verdict("log: --all, one established finding a negotiation",
                [] if sum(f["check"] == "log.established"
                          for f in rep["findings"]) == 2 else
                [f"{[f['message'] for f in rep['findings']]}"])

    # bad input: one line, exit 2
    with open(os.path.join(d, "bin.log"), "wb") as f:
        f.write(b"10[CFG] ok\n\0\0binary")
    for label, args, msg in (("a file that is no text", ["bin.log"],
                              "not a text file"),
                             ("a missing file", ["nosuch.log"],
                              "cannot open"),
                             ("no file", [], "give a log file"),
                             ("a bad --year", ["x.log", "--year", "1"],
                              "--year")):
        rc, _, err = run(args)
        verdict(f"log: {label} is exit 2",
                [] if rc == 2 and msg in err and err.count("\n") <= 2
                else [f"exit {rc}: {err}"])
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
