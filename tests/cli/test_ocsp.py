#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of OCSP in `certcheck crl`, against loopback servers.

usage: test_ocsp.py CERTCHECK MKCRLPKI

A scripted server (tests/support/servers.py) answers every POSTed request
with a canned response: real OCSP responses that `openssl ocsp` made for
each leaf (good, revoked, unknown, a delegated signer with and without
OCSPSigning, an expired one, one of another CA, stale, ahead, another
CertID, with and without a nonce), the five error statuses, HTML, 404, a
silent server and an endless body.  The normal path is a real responder:
`openssl ocsp -port`.  Its limits, and how the test keeps to them: it
speaks HTTP/1.0 without keep-alive (every request its own connection); it
binds every address whatever it is told, so it runs in a network
namespace of the test's own, with certcheck beside it; one bare TCP
connection that sends nothing wedges it, so the test never probes its
port and waits for its "waiting for OCSP client connections" line
instead; it is stopped by its PID.  Responses carry the time `openssl
ocsp` reads, so it runs under faketime at the evaluation time.  Ends with
'N passed, N failed'.
"""
import base64
import json
import os
import shlex
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import servers  # noqa: E402
from scratch import scratch_dir  # noqa: E402
from spec import spec_problems  # noqa: E402
from tally import Tally  # noqa: E402

AT = "2026-06-01T12:00:00Z"
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
SCALE = float(os.environ.get("CERTCHECK_TIMEOUT_SCALE", "1"))

# the leaves with an OCSP URL on the scripted server, and how each answer
# is made: (signer, its key, the responder's time, index, request nonce,
# the leaf the response is for)
CANNED = {
    "o-good": ("issuing", "@2026-06-01 12:00:00", "index.txt", False, None),
    "o-delegated": ("ocsp-signer", "@2026-06-01 12:00:00", "index.txt",
                    False, None),
    "o-noeku": ("ocsp-noeku", "@2026-06-01 12:00:00", "index.txt", False,
                None),
    "o-expired": ("ocsp-expired", "@2026-06-01 12:00:00", "index.txt",
                  False, None),
    "o-other": ("ocsp-other", "@2026-06-01 12:00:00", "index.txt", False,
                None),
    "revoked-o": ("issuing", "@2026-06-01 12:00:00", "index.txt", False,
                  None),
    "o-unknown": ("issuing", "@2026-06-01 12:00:00", "partial.txt", False,
                  None),
    "o-stale": ("issuing", "@2026-05-20 12:00:00", "index.txt", False, None),
    "o-ahead": ("issuing", "@2026-06-02 12:00:00", "index.txt", False, None),
    "o-cid": ("issuing", "@2026-06-01 12:00:00", "index.txt", False,
              "o-good"),
    "o-badnonce": ("issuing", "@2026-06-01 12:00:00", "index.txt", True,
                   None),
}
# responseStatus alone (RFC 6960 4.2.1): OCSPResponse ::= SEQUENCE {
# responseStatus ENUMERATED }
STATUSES = {"o-malformed": 1, "o-internal": 2, "o-trylater": 3,
            "o-sigrequired": 5, "o-unauthorized": 6}
OTHER = {"o-html": ("html",), "o-404": ("status", 404),
         "o-silent": ("hang", 4), "o-endless": ("endless", False),
         "o-slow": ("trickle", "resp-o-good-issuing-index.txt.der")}


def main():
    binary, mkpki = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    pki = scratch_dir("certcheck-ocsp-")
    tally = Tally()
    verdict = tally.verdict
    started = []
    if not os.path.exists(FAKETIME_LIB):
        print(f"FAIL {FAKETIME_LIB} is missing (apt-get install faketime)")
        return 1
    try:
        http = servers.ScriptedHTTP(pki, {})
        started.append(http)
        real_port = servers.free_port()
        base = f"http://127.0.0.1:{http.port}/ocsp"
        leaves = {n: f"ocsp:{base}/{n}"
                  for n in list(CANNED) + list(STATUSES) + list(OTHER)}
        # a leaf with a CRL too, whose responder fails: the CRL decides
        leaves["o-crl"] = (f"http://127.0.0.1:{http.port}/good.crl "
                           f"ocsp:{base}/o-404")
        # no AIA: its responder comes from --ocsp-url, or a configured
        # authority's ocsp_uris
        leaves["o-plain"] = ""
        leaves["gw-o"] = ""  # a gateway, for diagnose
        leaves["o-real"] = f"ocsp:http://127.0.0.1:{real_port}/"
        leaves["revoked-real"] = f"ocsp:http://127.0.0.1:{real_port}/"
        subprocess.run([mkpki, pki] + [f"{k}={v}" for k, v in leaves.items()],
                       check=True, timeout=60)
        with open(os.path.join(pki, "index.txt")) as f, \
                open(os.path.join(pki, "partial.txt"), "w") as g:
            g.writelines(ln for ln in f if "CN=o-unknown" not in ln)
        table = {"/good.crl": ("file", "good.crl")}
        for leaf, (signer, when, index, nonce, asked) in CANNED.items():
            table[f"/ocsp/{leaf}"] = ("bytes", canned(
                pki, asked or leaf, signer, when, index, nonce),
                "application/ocsp-response")
        table["/ocsp/o-plain"] = ("bytes", canned(
            pki, "o-plain", "issuing", "@2026-06-01 12:00:00", "index.txt",
            False), "application/ocsp-response")
        for leaf, st in STATUSES.items():
            table[f"/ocsp/{leaf}"] = ("bytes", bytes([0x30, 3, 0x0a, 1, st]),
                                      "application/ocsp-response")
        for leaf, how in OTHER.items():
            table[f"/ocsp/{leaf}"] = how
        http.table.update(table)

        def run(leaf, extra=(), timeout="2", ns=None, ca=True):
            """strongSwan's profile unless extra names another: it asks
            OCSP first (doc/gateway-profiles.md)."""
            gw = ([] if "--gateway" in extra else ["--gateway", "strongswan"]) + (
                [] if "--revocation" in extra else ["--revocation", "ifuri"])
            cmd = WRAPPER + [binary, "crl", f"{leaf}.pem"] + (
                ["--ca", "root.pem", "--untrusted", "issuing.pem"]
                if ca else []) + ["--at", AT] + gw + [
                             
                             "--timeout", str(float(timeout) * SCALE),
                             "--format", "json"] + list(extra)
            if ns:
                cmd = ["ip", "netns", "exec", ns] + cmd
            p = subprocess.run(cmd, cwd=pki, capture_output=True, text=True,
                               timeout=120)
            try:
                return p.returncode, json.loads(p.stdout), p.stderr
            except ValueError:
                return p.returncode, None, p.stderr

        def judged(name, leaf, rc, rep, err, want_rc, check, status, step,
                   step_status, extra_checks=()):
            if rep is None:
                return verdict(name, [f"exit {rc}: {err.strip()}"])
            probs = spec_problems(rep, rc, "crl", [])
            if rc != want_rc:
                probs.append(f"exit {rc}, want {want_rc}: " + "; ".join(
                    f"{f['check']} {f['status']}: {f['message']}"
                    for f in rep["findings"] if f["status"] != "ok"))
            got = [f["status"] for f in rep["findings"] if f["check"] == check]
            if status not in got:
                probs.append(f"{check}: {got}, want {status}")
            ocsp = [u for u in rep["urls"] if u["kind"] == "ocsp"]
            steps = {s["step"]: s["status"] for u in ocsp for s in u["steps"]}
            if step and steps.get(step) != step_status:
                probs.append(f"step {step}: {steps.get(step)}, want "
                             f"{step_status} ({steps})")
            for c in extra_checks:
                if c not in {f["check"] for f in rep["findings"]}:
                    probs.append(f"no {c}")
            verdict(name, probs)

        # (leaf, extra options, exit, check, its status, step, its status)
        CASES = [
            ("o-good", [], 0, "crl.not-revoked", "ok", "status", "ok"),
            ("o-delegated", [], 0, "crl.not-revoked", "ok", "verify", "ok"),
            ("o-noeku", [], 1, "ocsp.verify", "fail", "verify", "fail"),
            ("o-expired", [], 1, "ocsp.verify", "fail", "verify", "fail"),
            ("o-other", [], 1, "ocsp.verify", "fail", "verify", "fail"),
            ("revoked-o", [], 1, "crl.revoked", "fail", "lookup", "fail"),
            ("o-unknown", [], 1, "ocsp.unknown", "fail", "status", "fail"),
            ("o-unknown", ["--revocation", "relaxed"], 0, "ocsp.unknown",
             "info", "status", "fail"),
            # a responder trusted as it is (strongSwan's x509ocsp/)
            ("o-noeku", ["--ocsp-signer", "ocsp-noeku.pem"], 0,
             "crl.not-revoked", "ok", "verify", "ok"),
            ("o-expired", ["--ocsp-signer", "ocsp-expired.pem"], 1,
             "ocsp.verify", "fail", "verify", "fail"),
            ("o-stale", [], 1, "ocsp.freshness", "fail", "freshness",
             "fail"),
            ("o-ahead", [], 1, "ocsp.freshness", "fail", "freshness",
             "fail"),
            ("o-cid", [], 1, "ocsp.response", "fail", "response", "fail"),
            ("o-badnonce", [], 1, "ocsp.nonce", "fail", "nonce", "fail"),
            # the canned answers have no nonce: a caching responder
            ("o-good", ["--ocsp-nonce-len", "0"], 0, "crl.not-revoked",
             "ok", "nonce", None),
            ("o-delegated", [], 0, "crl.usable", "ok", "nonce", "info"),
            ("o-html", [], 1, "ocsp.parse", "fail", "parse", "fail"),
            ("o-404", [], 1, "ocsp.http", "fail", "http", "fail"),
            ("o-silent", [], 1, "ocsp.http", "fail", None, None),
            # a response one byte every 0.2 s: past the --timeout
            ("o-slow", [], 1, "ocsp.http", "fail", "http", "fail"),
            ("o-endless", ["--max-size", "100000"], 1, "ocsp.http", "fail",
             "http", "fail"),
            ("o-crl", [], 1, "ocsp.http", "warn", "http", "fail"),
            ("o-good", ["--no-network"], 0, "crl.network", "skip", "dns",
             "skip"),
            # a gateway that asks no OCSP responder: what they say is
            # info, and a certificate with only an OCSP URL has no
            # revocation information for it
            ("o-noeku", ["--gateway", "clavister"], 0, "ocsp.verify", "info",
             "verify", "fail"),
            ("revoked-o", ["--gateway", "libreswan"], 0, "crl.no-cdp",
             "info", "lookup", "fail"),
            ("revoked-o", ["--gateway", "libreswan", "--revocation",
                           "strict"], 1, "crl.no-cdp", "fail", "lookup",
             "fail"),
        ] + [(leaf, [], 1, "ocsp.response", "fail", "response", "fail")
             for leaf in STATUSES]
        for leaf, extra, want_rc, check, status, step, step_status in CASES:
            rc, rep, err = run(leaf, extra)
            judged(f"ocsp {leaf} {' '.join(extra)}".strip(), leaf, rc, rep,
                   err, want_rc, check, status, step, step_status)

        # what was asked: POST application/ocsp-request, a CertID with
        # SHA-1 by default, SHA-256 with --ocsp-hash sha256
        posted = [p for p in http.posted if p[0] == "/ocsp/o-good"]
        verdict("ocsp: the request is a POST of application/ocsp-request",
                [] if posted and all(p[1] == "application/ocsp-request"
                                     for p in posted)
                else [f"{[(p[0], p[1]) for p in posted]}"])
        for algo in ("sha1", "sha256"):
            http.posted.clear()
            run("o-good", ["--ocsp-hash", algo])
            req = os.path.join(pki, f"req-{algo}.der")
            with open(req, "wb") as f:
                f.write(http.posted[-1][2] if http.posted else b"")
            text = subprocess.run(["openssl", "ocsp", "-reqin", req,
                                   "-req_text"], capture_output=True,
                                  text=True).stdout
            verdict(f"ocsp: --ocsp-hash {algo} in the CertID",
                    [] if f"Hash Algorithm: {algo}" in text and
                    ("Nonce" in text) else [text[:400]])
        # --ocsp-get: the request in the URL (RFC 6960 A.1.1)
        http.gets.clear()
        rc, rep, err = run("o-good", ["--ocsp-get"])
        judged("ocsp --ocsp-get", "o-good", rc, rep, err, 0,
               "crl.not-revoked", "ok", "status", "ok")
        got = [g for g in http.gets if g.startswith("/ocsp/o-good/")]
        text = ""
        if got:
            req = os.path.join(pki, "req-get.der")
            with open(req, "wb") as f:
                f.write(base64.b64decode(urllib.parse.unquote(
                    got[-1][len("/ocsp/o-good/"):])))
            text = subprocess.run(["openssl", "ocsp", "-reqin", req,
                                   "-req_text"], capture_output=True,
                                  text=True).stdout
        verdict("ocsp --ocsp-get: the URL holds the request",
                [] if "Serial Number" in text else [f"{got} {text[:200]}"])
        rc, _, err = run("o-good", ["--ocsp-hash", "md5"])
        verdict("ocsp: --ocsp-hash md5 is exit 2",
                [] if rc == 2 and "--ocsp-hash" in err else
                [f"exit {rc}: {err}"])

        # responders not in the certificate: --ocsp-url (for the first
        # certificate), a swanctl.conf authority's ocsp_uris (for the
        # certificates its CA issued), as charon offers them
        rc, rep, err = run("o-plain", ["--ocsp-url", f"{base}/o-plain"])
        judged("ocsp --ocsp-url", "o-plain", rc, rep, err, 0,
               "crl.not-revoked", "ok", "status", "ok")
        sw = os.path.join(pki, "sw")
        os.makedirs(os.path.join(sw, "x509ca"))
        for f in ("root.pem", "issuing.pem"):
            with open(os.path.join(pki, f), "rb") as src, \
                    open(os.path.join(sw, "x509ca", f), "wb") as dst:
                dst.write(src.read())
        with open(os.path.join(sw, "swanctl.conf"), "w") as f:
            f.write("connections {\n  rw {\n    remote { auth = pubkey }\n"
                    "  }\n}\nauthorities {\n  issuing {\n"
                    "    cacert = issuing.pem\n"
                    f"    ocsp_uris = {base}/o-plain\n  }}\n}}\n")
        rc, rep, err = run("o-plain", ["--swanctl",
                                       os.path.join(sw, "swanctl.conf")],
                           ca=False)
        judged("ocsp: a swanctl.conf authority's ocsp_uris", "o-plain", rc,
               rep, err, 0, "crl.not-revoked", "ok", "status", "ok")
        rc, _, err = run("o-good", ["--ocsp-signer", "index.txt"])
        verdict("ocsp: --ocsp-signer that is no certificate is exit 2",
                [] if rc == 2 and "index.txt" in err else
                [f"exit {rc}: {err}"])
        # strongswan.conf's charon.plugins.revocation.enable_ocsp = no:
        # charon asks no responder, so the CRLs (none) decide
        with open(os.path.join(sw, "strongswan.conf"), "w") as f:
            f.write("charon {\n  plugins {\n    revocation {\n"
                    "      enable_ocsp = no\n    }\n  }\n}\n")
        rc, rep, err = run("o-noeku", [
            "--swanctl", os.path.join(sw, "swanctl.conf"),
            "--strongswan-conf", os.path.join(sw, "strongswan.conf")],
            ca=False)
        judged("ocsp: enable_ocsp = no in strongswan.conf", "o-noeku", rc,
               rep, err, 0, "ocsp.verify", "info", None, None)
        p = subprocess.run(WRAPPER + [binary, "crl", "--ocsp-url",
                                      f"{base}/o-plain", "--at", AT],
                           cwd=pki, capture_output=True, text=True,
                           timeout=60)
        verdict("ocsp: --ocsp-url without a certificate is exit 2",
                [] if p.returncode == 2 and "--ocsp-url" in p.stderr
                else [f"exit {p.returncode}: {p.stderr}"])

        # diagnose: a peer whose only revocation source is OCSP is judged
        # as fully as one with a CRL
        for leaf, cause in (("revoked-o", "revoked"), ("o-good", None),
                            ("o-unknown", "crl-unreachable")):
            p = subprocess.run(
                WRAPPER + [binary, "diagnose", "--local", "gw-o.pem",
                           "--peer", f"{leaf}.pem", "--ca", "root.pem",
                           "--untrusted", "issuing.pem", "--gateway",
                           "strongswan", "--revocation", "ifuri", "--at", AT,
                           "--timeout", str(2 * SCALE), "--format", "json"],
                cwd=pki, capture_output=True, text=True, timeout=120)
            try:
                rep = json.loads(p.stdout)
            except ValueError:
                rep = None
            probs = [f"exit {p.returncode}: {p.stderr}"] if rep is None \
                else spec_problems(rep, p.returncode, "diagnose", [])
            if rep and rep["root_cause"] != cause:
                probs.append(f"root cause {rep['root_cause']}, want {cause}")
            if rep and not any(u["kind"] == "ocsp" for u in rep["urls"]):
                probs.append("no OCSP URL in the report")
            verdict(f"ocsp diagnose: {leaf}", probs)

        real_responder(binary, pki, real_port, run, judged, tally)
    finally:
        for s in started:
            s.stop()
    return tally.close()


def canned(pki, leaf, signer, when, index, nonce):
    """A response `openssl ocsp` makes for leaf at time when."""
    req = os.path.join(pki, f"req-{leaf}-{nonce}.der")
    subprocess.run(["openssl", "ocsp", "-issuer", "issuing.pem", "-cert",
                    f"{leaf}.pem", "-nonce" if nonce else "-no_nonce",
                    "-reqout", req], cwd=pki, check=True,
                   capture_output=True, timeout=30)
    out = os.path.join(pki, f"resp-{leaf}-{signer}-{index}.der")
    env = dict(os.environ, LD_PRELOAD=FAKETIME_LIB, FAKETIME=when,
               FAKETIME_DONT_RESET="1")
    subprocess.run(["openssl", "ocsp", "-index", index, "-CA", "issuing.pem",
                    "-rsigner", f"{signer}.pem", "-rkey", f"{signer}.key",
                    "-reqin", req, "-respout", out, "-ndays", "1"],
                   cwd=pki, check=True, capture_output=True, timeout=30,
                   env=env)
    with open(out, "rb") as f:
        return f.read()


def real_responder(binary, pki, port, run, judged, tally):
    """`openssl ocsp -port` in a namespace of its own (it binds every
    address), good and revoked, certcheck asking from the same
    namespace."""
    if os.geteuid() != 0:
        for leaf in ("o-real", "revoked-real"):
            tally.skip(f"ocsp real responder: {leaf}",
                       "not root: no network namespace for openssl ocsp")
        return
    ns = f"ccocsp{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    proc = None
    try:
        subprocess.run(["ip", "-n", ns, "link", "set", "lo", "up"],
                       check=True)
        env = dict(os.environ, LD_PRELOAD=FAKETIME_LIB,
                   FAKETIME="@2026-06-01 12:00:00", FAKETIME_DONT_RESET="1")
        proc = subprocess.Popen(
            ["ip", "netns", "exec", ns, "openssl", "ocsp", "-index",
             "index.txt", "-CA", "issuing.pem", "-rsigner", "issuing.pem",
             "-rkey", "issuing.key", "-port", str(port), "-nmin", "60"],
            cwd=pki, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        # its own word that it listens: never a probe of its port
        deadline, ready = time.monotonic() + 10, False
        while time.monotonic() < deadline and not ready:
            line = proc.stderr.readline()
            if not line:
                break
            ready = "waiting for OCSP client connections" in line
        if not ready:
            tally.verdict("ocsp real responder starts", ["no ready line"])
            return
        for leaf, want_rc, check, status, step_status in (
                ("o-real", 0, "crl.not-revoked", "ok", "ok"),
                ("revoked-real", 1, "crl.revoked", "fail", "fail")):
            rc, rep, err = run(leaf, ns=ns)
            judged(f"ocsp real responder: {leaf}", leaf, rc, rep, err,
                   want_rc, check, status,
                   "lookup" if leaf.startswith("revoked") else "status",
                   step_status)
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.stderr.close()
        subprocess.run(["ip", "netns", "del", ns], check=False)


if __name__ == "__main__":
    sys.exit(main())
