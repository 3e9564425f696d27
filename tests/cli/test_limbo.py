#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""x509-limbo's path-validation cases through `certcheck pair` (and, for
the cases with CRLs, `certcheck crl --no-network`).

usage: test_limbo.py CERTCHECK TESTPKI_DIR LIMBO_DIR

Each case's certificate takes the IKE role of its validation_kind, with no
peer clock given:
- SERVER: the limbo leaf is the gateway's (--local), limbo's trusted_certs
  are what the peer trusts (--peer-ca); the peer is a healthy client
  certificate of the test's own root (--peer, --ca).
- CLIENT: the reverse: the limbo leaf is the peer's, trusted_certs the
  gateway's CAs (--ca); the gateway's own certificate is the test's
  (--local, --peer-ca).
untrusted_intermediates go to --untrusted, validation_time to --at (a
time inside the leaf's validity when it is null).  A case is judged
"SUCCESS" when every command exits 0 (nothing confirmed or likely).

LIMBO_DIR/intended.tsv lists what is out of scope (with the reason) and
the intended differences (with the reason).  The test fails on any other
disagreement, and on a listed difference that now agrees (the list must
stay true).  Ends with 'N passed, N failed'.
"""
import datetime
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
# what certcheck must say of these cases, beyond their verdict
SAYS = {
    "cve::cve-2024-0567": "pair.chain.search-bound",  # a cross-sign cycle
    "rfc5280::root-and-intermediate-swapped": "pair.chain.root-missing",
    "pathological::intermediate-cycle-distinct-cas": "pair.chain.loop",
    "rfc5280::nc::nc-forbids-alternate-chain-ica": "pair.chain.trusted",
}
PAIR_UNCHECKED = ["crl-unreachable", "idlist", "revoked", "identity"]


def rfc3339(s):
    return datetime.datetime.fromisoformat(s).astimezone(
        datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


FIXED_TIME = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def inside_validity(leaf):
    """For a case without a time: 2025-01-01 when the leaf is valid then,
    else the midpoint of its validity."""
    out = subprocess.run(["openssl", "x509", "-noout", "-startdate",
                          "-enddate", "-in", leaf], capture_output=True,
                         text=True, check=True).stdout
    when = {}
    for line in out.splitlines():
        k, v = line.split("=", 1)
        when[k] = datetime.datetime.strptime(
            v.replace(" GMT", ""), "%b %d %H:%M:%S %Y").replace(
                tzinfo=datetime.timezone.utc)
    mid = when["notBefore"] + (when["notAfter"] - when["notBefore"]) / 2
    if when["notBefore"] <= FIXED_TIME <= when["notAfter"]:
        mid = FIXED_TIME
    return mid.strftime("%Y-%m-%dT%H:%M:%SZ")


def load_intended(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cid, kind, reason = line.split("\t", 2)
            assert kind in ("out-of-scope", "difference"), line
            table[cid] = (kind, reason)
    return table


def run(certcheck, args):
    p = subprocess.run(WRAPPER + [certcheck] + args + ["--format", "json"],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def judge(certcheck, pki, case, work):
    """certcheck's verdict on one case: ("SUCCESS"|"FAILURE", why, errors
    in the reports themselves)."""
    def write(name, pems):
        path = os.path.join(work, name)
        with open(path, "w", encoding="ascii") as f:
            f.write("".join(pems) if isinstance(pems, list) else pems)
        return path

    leaf = write("leaf.pem", case["peer_certificate"])
    trusted = write("trusted.pem", case["trusted_certs"])
    at = (rfc3339(case["validation_time"]) if case["validation_time"]
          else inside_validity(leaf))
    common = ["--at", at]
    if case["untrusted_intermediates"]:
        common += ["--untrusted",
                   write("untrusted.pem", case["untrusted_intermediates"])]
    if case["validation_kind"] == "SERVER":
        args = ["pair", "--local", leaf, "--peer-ca", trusted,
                "--peer", os.path.join(pki, "client.pem"),
                "--ca", os.path.join(pki, "root.pem")]
    else:
        args = ["pair", "--peer", leaf, "--ca", trusted,
                "--local", os.path.join(pki, "server.pem"),
                "--peer-ca", os.path.join(pki, "root.pem")]
    runs = [(args + common, "pair", PAIR_UNCHECKED)]
    if case.get("crls"):
        crls = [write(f"crl{i}.pem", c) for i, c in enumerate(case["crls"])]
        crl = ["crl", leaf, "--ca", trusted, "--no-network"]
        for c in crls:
            crl += ["--crl", c]
        runs.append((crl + common, "crl",
                     ["ca-mismatch", "idlist", "wrong-certificate",
                      "identity", "key"]))
    why, problems, seen = [], [], set()
    verdict = "SUCCESS"
    for argv, command, unchecked in runs:
        rc, out, err = run(certcheck, argv)
        if rc == 2:
            return "ERROR", err.strip(), [], set()
        rep = json.loads(out)
        problems += spec_problems(rep, rc, command, unchecked)
        seen |= {f["check"] for f in rep["findings"]}
        if rc != 0:
            verdict = "FAILURE"
            why += [f["check"] for f in rep["findings"]
                    if f["status"] in ("fail", "warn")]
    return verdict, ", ".join(dict.fromkeys(why)), problems, seen


def main():
    certcheck, testpki, limbo = sys.argv[1:4]
    pki = os.path.join(testpki, "limbo")
    with open(os.path.join(limbo, "limbo-regenerated-8a2e6f41.json"),
              encoding="utf-8") as f:
        cases = json.load(f)["testcases"]
    intended = load_intended(os.path.join(limbo, "intended.tsv"))
    t = Tally()
    agree = applicable = differ = 0
    for case in cases:
        cid = case["id"]
        kind = intended.get(cid, (None, None))[0]
        if kind == "out-of-scope":
            continue
        applicable += 1
        work = scratch_dir("cc-limbo-")
        got, why, problems, seen = judge(certcheck, pki, case, work)
        if cid in SAYS and SAYS[cid] not in seen:
            problems.append(f"no {SAYS[cid]} finding; have {sorted(seen)}")
        want = case["expected_result"]
        if problems:
            t.verdict(f"{cid}: report breaks SPEC's rules", problems)
        elif got == want and kind == "difference":
            t.verdict(f"{cid}: listed as an intended difference, but "
                      "agrees", ["remove it from intended.tsv"])
        elif got == want:
            agree += 1
            t.verdict(f"{cid}: {got}", [])
        elif kind == "difference":
            differ += 1
            t.verdict(f"{cid}: {got} (limbo {want}; intended: "
                      f"{intended[cid][1]})", [])
        else:
            t.verdict(f"{cid}: certcheck says {got}, limbo {want}",
                      [why or "(no failing finding)"])
    stale = [c for c in intended if c not in {x["id"] for x in cases}]
    for c in stale:
        t.verdict(f"{c}: in intended.tsv", ["not a case of the suite"])
    print(f"limbo: {agree} of {applicable} applicable cases agree, "
          f"{differ} intended differences, "
          f"{len(cases) - applicable} out of scope")
    return t.close()


if __name__ == "__main__":
    sys.exit(main())
