#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of `certcheck log` on strongSwan log fixtures.

usage: test_log.py CERTCHECK

The fixtures are lines as charon 5.9.8 logs them (the strongSwan lab's
real logs are judged in tests/lab too): the file logger with ike_name, its
syslog form, lines without an IKE_SA name, several negotiations in one
file; the journal's and JSON forms; pluto's lines (as the lab's real pluto
logs them); Windows event text written from Microsoft's documented event
formats; another format's text; and --follow across a rotation.  Each report's JSON is checked against doc/report.md's rules.  Ends
with 'N passed, N failed'.
"""
import json
import os
import select
import shlex
import signal
import subprocess
import sys
import time

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

    # every format, each as its writer has it
    def case(name, text, args, cause, extra=(), check=None, binary_=False):
        path = os.path.join(d, name.replace(" ", "_").replace("/", "_"))
        with open(path, "wb" if binary_ else "w") as f:
            f.write(text)
        rc, rep, err = run([path] + args)
        judged(f"log: {name}", rc, rep, err, cause, extra)
        if rep and check:
            verdict(f"log: {name}: what it read", check(rep))
        return rep

    def nego_is(**want):
        def check(rep):
            got = [n for n in rep["negotiations"] if n["status"] == "failed"]
            if not got:
                return ["no failed negotiation"]
            return [f"{k}: {got[-1].get(k)!r}, want {v!r}"
                    for k, v in want.items() if got[-1].get(k) != v]
        return check

    case("file logger with levels, <N> then <conn|N>",
         "09[NET1] <5> received packet: from 10.9.0.1[500] to "
         "10.9.0.2[500] (272 bytes)\n"
         "09[CFG1] <5> looking for peer configs matching "
         f"10.9.0.2[gw]...10.9.0.1[{RW}]\n"
         f'11[CFG1] <lab|5> no issuer certificate found for "{RW}"\n',
         [], "ca-mismatch", [("log.ca-mismatch", "fail")],
         nego_is(negotiation="lab|5", address="10.9.0.1", identity=RW))
    case("file logger with times, --utc",
         "2026-06-01 12:00:00 09[CFG] <lab|1> no matching peer config "
         "found\n", ["--utc"], "idlist", (),
         nego_is(time="2026-06-01T12:00:00Z"))
    case("5.9.14's identity constraint",
         "07[CFG] <lab|2> constraint check failed: identity 'C=CH, CN=x' "
         "(DER_ASN1_DN) required, not matched by 'C=CH, CN=y' "
         "(DER_ASN1_DN)\n", [], "identity")
    journal = (
        "Jun 01 12:00:00 gw charon-systemd[42]: received packet: from "
        "10.0.0.5[500] to 10.0.0.1[500] (272 bytes)\n"
        "Jun 01 12:00:00 gw charon-systemd[42]: parsed IKE_SA_INIT request "
        "0 [ SA KE No ]\n"
        "Jun 01 12:00:01 gw charon-systemd[42]: subject certificate invalid "
        "(valid from Apr 27 12:00:00 2025 to May 22 12:00:00 2026)\n"
        "Jun 01 12:00:02 gw charon-systemd[42]: received packet: from "
        "10.0.0.6[500] to 10.0.0.1[500] (272 bytes)\n"
        "Jun 01 12:00:02 gw charon-systemd[42]: IKE_SA lab[9] established "
        "between 10.0.0.1[gw]...10.0.0.6[rw]\n")
    rep = case("charon-systemd's journal (-o short)", journal,
               ["--year", "2026", "--utc"], "validity", (),
               nego_is(address="10.0.0.5", time="2026-06-01T12:00:00Z"))
    if rep:
        counts = {f["check"]: f["evidence"] for f in rep["findings"]
                  if f["check"] == "log.established"}
        ev = counts.get("log.established", {})
        verdict("log: the journal's negotiations are told apart by address",
                [] if ev.get("negotiations") == 2 and
                ev.get("established") == 1 else [f"{ev}"])
    case("charon-systemd's journal (-o json)",
         json.dumps({"MESSAGE": "received packet: from 10.0.0.7[500] to "
                     "10.0.0.1[500]", "IKE_SA_UNIQUE_ID": "3",
                     "THREAD": "8", "__REALTIME_TIMESTAMP":
                     "1780315200000000"}) + "\n" +
         json.dumps({"MESSAGE": "no trusted RSA public key found for "
                     "'alice@lab.test'", "IKE_SA_UNIQUE_ID": "3",
                     "IKE_SA_NAME": "rw", "THREAD": "9"}) + "\n",
         [], "identity", (),
         nego_is(negotiation="rw|3", identity="alice@lab.test",
                 time="2026-06-01T12:00:00Z", address="10.0.0.7"))
    case("strongSwan 6's JSON lines",
         json.dumps({"thread": 9, "group": "CFG", "level": 1,
                     "ikesa-uniqueid": "4", "ikesa-name": "lab",
                     "msg": "certificate was revoked on May 30 12:00:00 "
                     "UTC 2026, reason: key compromise"}) + "\n",
         [], "revoked", (), nego_is(negotiation="lab|4"))
    case("swanctl --initiate: the gateway refused",
         "[IKE] initiating IKE_SA home[1] to 192.0.2.1\n"
         "[ENC] generating IKE_SA_INIT request 0 [ SA KE No ]\n"
         "[IKE] received AUTHENTICATION_FAILED notify error\n"
         "initiate failed: establishing CHILD_SA 'home' failed\n",
         [], None, [("log.peer-refused", "info")],
         nego_is(address="192.0.2.1"))
    case("libreswan pluto",
         'Jun  1 12:00:00.02: "bob"[1] 198.18.0.2 #1: X509: '
         "authentication failed; peer ID_DER_ASN1_DN 'CN=rw.lab.test,O=Lab,"
         "C=CH' does not match expected 'C=CH, O=Lab, CN=bob'\n"
         'Jun  1 12:00:00.02: "bob"[1] 198.18.0.2 #1: responding to '
         "IKE_AUTH message (ID 1) from 198.18.0.2:4500 with encrypted "
         "notification AUTHENTICATION_FAILED\n"
         'Jun  1 12:00:05.1: ERROR: "any"[2] 198.18.0.3 #3: NSS: ERROR: '
         "IPsec certificate CN=old,O=Lab,C=CH invalid: "
         "SEC_ERROR_EXPIRED_CERTIFICATE: Peer's Certificate has expired.\n",
         ["--year", "2026"], "validity",
         [("log.idlist", "warn"), ("log.validity", "fail")],
         nego_is(negotiation="#3", address="198.18.0.3",
                 certificates=["CN=old,O=Lab,C=CH"]))
    case("Windows event 4653 (wevtutil qe /f:text)",
         "Event[0]:\n  Log Name: Security\n"
         "  Source: Microsoft-Windows-Security-Auditing\n"
         "  Date: 2026-06-01T12:00:00.123Z\n  Event ID: 4653\n"
         "  Description:\nAn IPsec main mode negotiation failed.\n\n"
         "Local Endpoint:\n\tLocal Principal Name:\t-\n"
         "\tNetwork Address:\t10.0.0.1\n"
         "Remote Endpoint:\n\tPrincipal Name:\t-\n"
         "\tNetwork Address:\t203.0.113.5\n"
         "Failure Information:\n\tFailure Point:\tLocal computer\n"
         "\tFailure Reason:\tIKE authentication credentials are "
         "unacceptable\n",
         [], "ca-mismatch", [("log.ca-mismatch", "warn")],
         nego_is(address="203.0.113.5", time="2026-06-01T12:00:00Z"))
    case("Windows event 4652 (Format-List), its CAs",
         "TimeCreated  : 6/1/2026 12:00:00 PM\nId           : 4652\n"
         "Message      : An IPsec main mode negotiation failed.\n\n"
         "               Remote Endpoint:\n"
         "               \tNetwork Address:\t203.0.113.8\n"
         "               Remote Certificate:\n"
         "               \tIssuing CA:\tCN=Old Issuing CA\n"
         "               \tRoot CA:\tCN=Old Root CA\n"
         "               Failure Information:\n"
         "               \tFailure Reason:\tCertificate Revocation "
         "Check failed\n", [], "crl-unreachable",
         [("log.crl-unreachable", "fail")],
         nego_is(address="203.0.113.8",
                 cas=["CN=Old Issuing CA", "CN=Old Root CA"]))
    case("Windows RasClient 20227",
         "CoId={8A3F}: The user LAB\\alice dialed a connection named "
         "Office which has failed. The error code returned on failure is "
         "13817.\n", [], "crl-unreachable",
         [("log.crl-unreachable", "fail")])
    case("a format not recognised (Clavister)",
         "2026-06-01 12:00:00 IKE: 203.0.113.9 ID_DER_ASN1_DN CN=alice: "
         "No public key found\n", [], None, [("log.format", "info")],
         nego_is(address="203.0.113.9", identity="CN=alice: No public key "
                 "found"))
    two = "".join(
        f"Jun  1 {h}:00:00 gw charon: 09[CFG] <lab|{n}> no matching peer "
        "config found\n" for n, h in ((1, 10), (2, 14)))
    case("--since keeps the later ones", two,
         ["--year", "2026", "--utc", "--since", "2026-06-01T12:00:00Z"],
         "idlist", (), nego_is(negotiation="lab|2"))
    rep = case("binary junk and bad UTF-8 escaped",
               b"09[IKE] <lab|1> no trusted RSA public key found for "
               b"'bad\xff\x1b[31mid'\n", [], "identity", (),
               binary_=True)
    if rep:
        ids = [n["identity"] for n in rep["negotiations"]]
        verdict("log: junk escaped in what is kept",
                [] if ids == ["bad\\xff\\x1b[31mid"] else [f"{ids}"])

    # --follow: failures as they end, across a rotation
    path = os.path.join(d, "live.log")
    with open(path, "w") as f:
        f.write("00[DMN] Starting IKE charon daemon\n")
    proc = subprocess.Popen(WRAPPER + [binary, "log", "--follow", path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    lines = []

    def wait_for(word, secs=10):
        deadline = time.monotonic() + secs
        while time.monotonic() < deadline:
            r, _, _ = select.select([proc.stdout], [], [], 0.2)
            if r:
                line = proc.stdout.readline()
                lines.append(line)
                if word in line:
                    return True
        return False

    try:
        time.sleep(0.3)
        with open(path, "a") as f:
            f.write(FIXTURES["revoked"])
        got1 = wait_for("revoked")
        os.rename(path, path + ".1")
        with open(path, "w") as f:
            f.write(FIXTURES["idlist"].replace("lab|1", "lab|2"))
        got2 = wait_for("idlist")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            rc = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = proc.wait()
    verdict("log --follow: each failure as it ends, across a rotation",
            [] if got1 and got2 and rc == 0 else
            [f"revoked {got1}, idlist {got2}, exit {rc}: {lines}"])

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
