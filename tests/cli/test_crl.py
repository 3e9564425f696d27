#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of `certcheck crl` against loopback servers.

usage: test_crl.py CERTCHECK MKCRLPKI

Scripted servers (tests/support/servers.py) play the fault modes; real
ones (dnsmasq, Python's http.server, slapd) serve the normal path.  The
test PKI is minted once the servers have their ports, so every CDP URL
points at them.  Every run is judged with --at 2026-06-01T12:00:00Z and
its JSON checked against doc/report.md's rules.  Ends with 'N passed, N failed'.
"""
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import servers  # noqa: E402
from scratch import scratch_dir  # noqa: E402
from tally import Tally  # noqa: E402
from spec import expect_problems, spec_problems  # noqa: E402

AT = "2026-06-01T12:00:00Z"
WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
# under a slow wrapper (valgrind) the per-URL budgets grow by this factor;
# what each case checks does not depend on it
SCALE = float(os.environ.get("CERTCHECK_TIMEOUT_SCALE", "1"))
NOT_CRL = ["ca-mismatch", "idlist", "wrong-certificate", "identity", "key"]


def main():
    binary, mkpki = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    pki = scratch_dir("certcheck-crl-")
    started = []
    tally = Tally()
    verdict = tally.verdict


    try:
        http = servers.ScriptedHTTP(pki, {
            "/good.crl": ("file", "good.crl"),
            "/good.pem": ("file", "good.pem"),
            "/stale.crl": ("file", "stale.crl"),
            "/future.crl": ("file", "future.crl"),
            "/aging.crl": ("file", "aging.crl"),
            "/nonext.crl": ("file", "nonext.crl"),
            "/old-key.crl": ("file", "old-key.crl"),
            "/wrong-ca.crl": ("file", "wrong-ca.crl"),
            "/ca-only.crl": ("file", "ca-only.crl"),
            "/delta.crl": ("file", "delta.crl"),
            "/nocrlsign.crl": ("file", "nocrlsign.crl"),
            "/garbage.crl": ("file", "root.pem"),
            "/missing": ("status", 404),
            "/error": ("status", 500),
            "/redirect1": ("redirect", "/redirect2"),
            "/redirect2": ("redirect", "/good.crl"),
            "/loop": ("redirect", "/loop"),
            "/to-file": ("redirect", "file:///etc/passwd"),
            "/to-gopher": ("redirect", "gopher://127.0.0.1:70/1"),
            "/to-unknown-host": ("redirect", "http://nowhere.test.example/good.crl"),
            "/html": ("html",),
            "/hang": ("hang", 4),
            "/endless": ("endless", False),
            "/endless-cl": ("endless", True),
            "/slow": ("trickle", "good.crl"),
            "/skewed": ("skewed", "good.crl", 7200),
            "/big-headers": ("headers", 1 << 20),
            "/headers-hang": ("headers-hang", 60),
            "/to-dict": ("redirect", "dict://127.0.0.1:2628/d:x"),
            "/to-creds": ("redirect",
                          "http://admin:hunter2@127.0.0.1:1/good.crl"),
        })
        started.append(http)
        dns = servers.ScriptedDNS({
            "crl.test.example": ("A", ["127.0.0.1"]),
            "v6only.test.example": ("AAAA", ["::1"]),
            "missing.test.example": "NXDOMAIN",
            "servfail.test.example": "SERVFAIL",
            "refused.test.example": "REFUSED",
            "silent.test.example": "SILENT",
            "garbage.test.example": "GARBAGE",
            "trunc.test.example": "TRUNCATED",
            "loop.test.example": ("CNAME", "loop.test.example"),
            "many.test.example": ("A", [f"127.0.{i // 250}.{i % 250 + 1}"
                                        for i in range(500)]),
        })
        started.append(dns)
        # the "system" resolver of this machine, as the tests configure it:
        # resolv.conf names no port, so it listens on port 53 of a loopback
        # address of its own (127.x.y.1: the whole 127/8 is loopback)
        sysdns = None
        for _ in range(20):
            host = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.1"
            try:
                sysdns = servers.ScriptedDNS(
                    {"crl.test.example": ("A", ["127.0.0.1"]),
                     "internal.test.example": ("A", ["127.0.0.1"])}, host, 53)
                break
            except OSError:
                continue
        resolv = os.path.join(pki, "resolv.conf")
        with open(resolv, "w") as f:
            # with no server of its own, point it at a closed port: the
            # machine's real resolver is never asked
            f.write(f"nameserver {sysdns.host if sysdns else '127.0.0.1'}\n")
        if sysdns:
            started.append(sysdns)

        H = http.port
        closed = servers.free_port()
        u = lambda host, path: f"http://{host}:{H}{path}"  # noqa: E731
        t = "crl.test.example"
        leaves = {
            "ok": u(t, "/good.crl"),
            "revoked": u(t, "/good.crl"),
            "hold": u(t, "/good.crl"),
            "nxdomain": u("missing.test.example", "/good.crl"),
            "servfail": u("servfail.test.example", "/good.crl"),
            "refusedq": u("refused.test.example", "/good.crl"),
            "silent": u("silent.test.example", "/good.crl"),
            "garbage": u("garbage.test.example", "/good.crl"),
            "v6only": u("v6only.test.example", "/good.crl"),
            "refusedconn": f"http://127.0.0.1:{closed}/good.crl",
            "http404": u(t, "/missing"),
            "http500": u(t, "/error"),
            "redirect": u(t, "/redirect1"),
            "loop": u(t, "/loop"),
            "tofile": u(t, "/to-file"),
            "togopher": u(t, "/to-gopher"),
            "tounknown": u(t, "/to-unknown-host"),
            "filecdp": "file:///etc/pki/ca.crl",
            "gophercdp": "gopher://crl.test.example/ca.crl",
            "hostless": "ldap:///CN=CA,CN=pki,DC=corp,DC=example,DC=com?certificateRevocationList?base",
            "hang": u(t, "/hang"),
            "endless": u(t, "/endless"),
            "endlesscl": u(t, "/endless-cl"),
            "slow": u(t, "/slow"),
            "html": u(t, "/html"),
            "notcrl": u(t, "/garbage.crl"),
            "wrongca": u(t, "/wrong-ca.crl"),
            "oldkey": u(t, "/old-key.crl"),
            "stale": u(t, "/stale.crl"),
            "future": u(t, "/future.crl"),
            "aging": u(t, "/aging.crl"),
            "nonext": u(t, "/nonext.crl"),
            "pem": u(t, "/good.pem"),
            "caonly": u(t, "/ca-only.crl"),
            "deltaonly": u(t, "/delta.crl"),
            "skewed": u(t, "/skewed"),
            "partial": u("missing.test.example", "/good.crl") + " " + u(t, "/good.crl"),
            "nocdp": "",
            "nocrlsign": u(t, "/nocrlsign.crl"),
            "trunc": u("trunc.test.example", "/good.crl"),
            "toomany": " ".join(f"http://127.0.0.1:{closed}/{i}.crl"
                                for i in range(1000)),
            "bigheaders": u(t, "/big-headers"),
            "headershang": u(t, "/headers-hang"),
            "todict": u(t, "/to-dict"),
            "cnameloop": u("loop.test.example", "/good.crl"),
            "manya": u("many.test.example", "/good.crl"),
            "withcreds": f"http://user:secret@crl.test.example:{H}/good.crl",
            "internal": u("internal.test.example", "/good.crl"),
        }
        real = ldap = None
        if servers.have("dnsmasq"):
            real_dns = servers.Dnsmasq("real.example", {"crl.real.example": "127.0.0.1"})
            started.append(real_dns)
            real = servers.RealHTTP(pki)
            started.append(real)
            leaves["realhttp"] = f"http://crl.real.example:{real.port}/good.crl"
            leaves["revokedreal"] = f"http://crl.real.example:{real.port}/good.crl"
        with_ldap = servers.have("slapd") and servers.have("ldapadd")
        if with_ldap:
            ldap_port = servers.free_port()
            leaves["ldapok"] = servers.Slapd.url(ldap_port)
            leaves["ldapmany"] = (f"ldap://127.0.0.1:{ldap_port}/ou=many,"
                                  f"{servers.Slapd.SUFFIX}"
                                  "?certificateRevocationList;binary?sub")
            # AD CS style: no host; the domain's DC found by SRV
            leaves["hostlessdc"] = ("ldap:///cn=CA,dc=corp,dc=test"
                                    "?certificateRevocationList;binary?base")
            dns.table["_ldap._tcp.corp.test"] = ("SRV", [(0, 100, ldap_port,
                                                         "dc1.corp.test")])
            dns.table["dc1.corp.test"] = ("A", ["127.0.0.1"])
        # https: the servers start once their certificates exist
        tls_port, bad_tls_port = servers.free_port(), servers.free_port()
        leaves["https"] = f"https://crl.test.example:{tls_port}/good.crl"
        leaves["httpsbad"] = f"https://crl.test.example:{bad_tls_port}/good.crl"
        subprocess.run([mkpki, pki] + [f"{k}={v}" for k, v in leaves.items()],
                       check=True, timeout=60)
        for port, name in ((tls_port, "tls"), (bad_tls_port, "tls-selfsigned")):
            started.append(servers.ScriptedHTTP(
                pki, {"/good.crl": ("file", "good.crl")},
                tls=(os.path.join(pki, f"{name}.pem"),
                     os.path.join(pki, f"{name}.key")), port=port))
        if with_ldap:
            ldap = servers.Slapd(ldap_port,
                                 open(os.path.join(pki, "good.crl"), "rb").read())
            started.append(ldap)
            ldap.add_many(10000, open(os.path.join(pki, "good.crl"), "rb").read())

        def run(args, timeout="2", env=None, dnsaddr=dns.addr, fmt="json",
                ca=True):
            """(exit code, the JSON report or None, stderr); with fmt "text",
            the text report in place of the JSON."""
            e = dict(os.environ)
            for k in list(e):
                if k.lower().endswith("_proxy"):
                    del e[k]
            e["CERTCHECK_RESOLV_CONF"] = resolv
            e.update(env or {})
            cmd = WRAPPER + [binary, "crl"] + args + (
                ["--ca", "root.pem"] if ca else []) + [
                "--untrusted", "issuing.pem", "--at", AT,
                "--timeout", str(float(timeout) * SCALE), "--format", fmt]
            if dnsaddr:
                cmd += ["--dns", dnsaddr]
            p = subprocess.run(cmd, cwd=pki, capture_output=True, text=True,
                               timeout=120, env=e)
            if fmt == "text":
                return p.returncode, p.stdout, p.stderr
            try:
                rep = json.loads(p.stdout)
            except ValueError:
                return p.returncode, None, p.stderr
            return p.returncode, rep, p.stderr

        def url_of(rep, leaf):
            for x in rep.get("urls", []):
                c = rep["certificates"][x["certificate"]]
                if c["subject"].endswith(f"CN={leaf}"):
                    return x
            return None

        # leaf, expected exit, {cause: verdict}, (check, status) expected,
        # (step, status) on the leaf's first URL
        CASES = [
            ("ok", 0, {"crl-unreachable": "ruled-out", "revoked": "ruled-out"},
             ("crl.usable", "ok"), ("lookup", "ok")),
            ("revoked", 1, {"revoked": "confirmed"}, ("crl.revoked", "fail"),
             ("lookup", "fail")),
            ("hold", 1, {"revoked": "confirmed"}, ("crl.revoked", "fail"),
             ("lookup", "fail")),
            ("nxdomain", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("servfail", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("refusedq", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("silent", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("garbage", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("trunc", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("cnameloop", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("manya", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("dns", "fail")),
            ("bigheaders", 1, {"crl-unreachable": "confirmed"}, ("crl.http", "fail"),
             ("http", "fail")),
            ("headershang", 1, {"crl-unreachable": "confirmed"},
             ("crl.http", "fail"), ("http", "fail")),
            ("todict", 1, {"crl-unreachable": "confirmed"}, ("crl.redirect", "fail"),
             ("redirect", "ok")),
            ("withcreds", 0, {"crl-unreachable": "ruled-out"}, ("crl.usable", "ok"),
             ("lookup", "ok")),
            ("v6only", 1, {"crl-unreachable": "confirmed"}, ("crl.connect", "fail"),
             ("dns", "warn")),
            ("refusedconn", 1, {"crl-unreachable": "confirmed"},
             ("crl.connect", "fail"), ("connect", "fail")),
            ("http404", 1, {"crl-unreachable": "confirmed"}, ("crl.http", "fail"),
             ("http", "fail")),
            ("http500", 1, {"crl-unreachable": "confirmed"}, ("crl.http", "fail"),
             ("http", "fail")),
            ("redirect", 0, {"crl-unreachable": "ruled-out"}, ("crl.usable", "ok"),
             ("redirect", "ok")),
            ("loop", 1, {"crl-unreachable": "confirmed"}, ("crl.redirect", "fail"),
             ("redirect", "ok")),
            ("tofile", 1, {"crl-unreachable": "confirmed"}, ("crl.redirect", "fail"),
             ("redirect", "ok")),
            ("togopher", 1, {"crl-unreachable": "confirmed"},
             ("crl.redirect", "fail"), ("redirect", "ok")),
            ("tounknown", 1, {"crl-unreachable": "confirmed"}, ("crl.dns", "fail"),
             ("redirect", "ok")),
            ("filecdp", 1, {"crl-unreachable": "confirmed"}, ("crl.scheme", "fail"),
             ("scheme", "fail")),
            ("gophercdp", 1, {"crl-unreachable": "confirmed"},
             ("crl.scheme", "fail"), ("scheme", "fail")),
            ("hostless", 1, {"crl-unreachable": "confirmed"},
             ("crl.srv", "fail"), ("srv", "fail")),
            ("hang", 1, {"crl-unreachable": "confirmed"}, ("crl.http", "fail"),
             ("connect", "ok")),
            ("endless", 1, {"crl-unreachable": "confirmed"}, ("crl.http", "fail"),
             ("http", "fail")),
            ("endlesscl", 1, {"crl-unreachable": "confirmed"}, ("crl.http", "fail"),
             ("http", "fail")),
            ("slow", 1, {"crl-unreachable": "confirmed"}, ("crl.http", "fail"),
             ("http", "fail")),
            ("html", 1, {"crl-unreachable": "confirmed"}, ("crl.parse", "fail"),
             ("parse", "fail")),
            ("notcrl", 1, {"crl-unreachable": "confirmed"}, ("crl.parse", "fail"),
             ("parse", "fail")),
            ("wrongca", 1, {"crl-unreachable": "confirmed"}, ("crl.verify", "fail"),
             ("verify", "fail")),
            ("oldkey", 1, {"crl-unreachable": "confirmed"}, ("crl.verify", "fail"),
             ("verify", "fail")),
            ("stale", 1, {"crl-unreachable": "confirmed"},
             ("crl.freshness", "fail"), ("freshness", "fail")),
            ("future", 1, {"crl-unreachable": "confirmed", "validity": "likely"},
             ("crl.this-update-future", "warn"), ("freshness", "fail")),
            ("aging", 0, {"crl-unreachable": "ruled-out"}, ("crl.aging", "info"),
             ("freshness", "ok")),
            ("nonext", 1, {"crl-unreachable": "likely"}, ("crl.freshness", "warn"),
             ("freshness", "warn")),
            ("pem", 1, {"crl-unreachable": "likely"}, ("crl.parse", "warn"),
             ("parse", "warn")),
            ("caonly", 1, {"crl-unreachable": "confirmed"}, ("crl.verify", "fail"),
             ("verify", "fail")),
            ("deltaonly", 1, {"crl-unreachable": "confirmed"},
             ("crl.verify", "fail"), ("verify", "fail")),
            ("nocrlsign", 1, {"crl-unreachable": "confirmed"},
             ("crl.verify", "fail"), ("verify", "fail")),
            ("skewed", 0, {"crl-unreachable": "ruled-out", "validity": "not-checked"},
             ("crl.server-clock", "info"), ("http", "ok")),
            ("partial", 1, {"crl-unreachable": "likely", "revoked": "ruled-out"},
             ("crl.dns", "warn"), ("dns", "fail")),
            ("nocdp", 0, {"crl-unreachable": "not-checked"}, ("crl.no-cdp", "info"),
             None),
        ]
        if real:
            CASES += [
                ("realhttp", 0, {"crl-unreachable": "ruled-out", "revoked": "ruled-out"},
                 ("crl.usable", "ok"), ("http", "ok")),
                ("revokedreal", 1, {"revoked": "confirmed"}, ("crl.revoked", "fail"),
                 ("lookup", "fail")),
            ]
        CASES += [
            ("https", 0, {"crl-unreachable": "ruled-out"}, ("crl.usable", "ok"),
             ("tls", "ok")),
            ("httpsbad", 1, {"crl-unreachable": "confirmed"}, ("crl.tls", "fail"),
             ("tls", "fail")),
        ]
        if sysdns:
            CASES.append(("internal", 1, {"crl-unreachable": "confirmed"},
                          ("crl.split-horizon", "fail"), ("dns-system", "info")))
        else:
            CASES.append(("internal", 1, {"crl-unreachable": "confirmed"},
                          ("crl.dns", "fail"), ("dns", "fail")))
        for leaf, code, verdicts, check, step in CASES:
            is_real = leaf in ("realhttp", "revokedreal")
            extra = ["--untrusted", "nocrlsign-ca.pem"] \
                if leaf == "nocrlsign" else []
            rc, rep, err = run([f"{leaf}.pem"] + extra,
                               dnsaddr=real_dns.addr if is_real else dns.addr,
                               timeout="5" if is_real else "2")
            if rep is None:
                verdict(f"crl {leaf}", [f"not JSON; exit {rc}; {err!r}"])
                continue
            probs = spec_problems(rep, rc, "crl", NOT_CRL)
            probs += expect_problems(rep, rc, code, verdicts)
            have = {(f["check"], f["status"]) for f in rep["findings"]}
            if check not in have:
                probs.append(f"no finding {check}; have {sorted(have)}")
            if step:
                x = url_of(rep, leaf)
                steps = [(s["step"], s["status"]) for s in (x or {}).get("steps", [])]
                if step not in steps:
                    probs.append(f"no step {step} in {steps}")
                for s in (x or {}).get("steps", []):
                    if not isinstance(s.get("ms"), int) or s["ms"] < 0:
                        probs.append(f"step {s} has no duration")
            verdict(f"crl {leaf}", probs)

        # the gateway's revocation policy (doc/gateway-profiles.md):
        # relaxed refuses nothing it cannot fetch (strongSwan's default),
        # strict also what has no revocation information, ifuri between
        for leaf, args, code, verdicts, check in (
                ("refusedconn", ["--revocation", "relaxed"], 0,
                 {"crl-unreachable": "ruled-out"}, ("crl.connect", "info")),
                ("refusedconn", ["--gateway", "strongswan"], 0,
                 {"crl-unreachable": "ruled-out"}, ("crl.unusable", "info")),
                ("refusedconn", ["--gateway", "strongswan", "--revocation",
                                 "ifuri"], 1, {"crl-unreachable": "confirmed"},
                 ("crl.connect", "fail")),
                ("revoked", ["--revocation", "relaxed"], 1,
                 {"revoked": "confirmed"}, ("crl.revoked", "fail")),
                ("nocdp", ["--revocation", "strict"], 1,
                 {"crl-unreachable": "confirmed"}, ("crl.no-cdp", "fail")),
                ("nocdp", ["--revocation", "ifuri"], 0,
                 {"crl-unreachable": "not-checked"}, ("crl.no-cdp", "info"))):
            rc, rep, err = run([f"{leaf}.pem"] + args, dnsaddr=dns.addr,
                               timeout="2")
            name = f"crl {leaf} {' '.join(args)}"
            if rep is None:
                verdict(name, [f"not JSON; exit {rc}; {err!r}"])
                continue
            probs = spec_problems(rep, rc, "crl", NOT_CRL)
            probs += expect_problems(rep, rc, code, verdicts)
            have = {(f["check"], f["status"]) for f in rep["findings"]}
            if check not in have:
                probs.append(f"no finding {check}; have {sorted(have)}")
            verdict(name, probs)

        # offline: --no-network skips, --crl still decides
        rc, rep, _ = run(["ok.pem", "--no-network"])
        verdict("--no-network: not-checked", [] if rep and rc == 0 and {
            c["id"]: c["verdict"] for c in rep["causes"]}["crl-unreachable"] ==
            "not-checked" else [f"exit {rc}: {rep and rep['causes']}"])
        rc, rep, _ = run(["revoked.pem", "--no-network", "--crl", "good.crl"])
        verdict("--no-network --crl: revoked", [] if rep and rc == 1 and
                rep["root_cause"] == "revoked" else [f"exit {rc}"])
        for crlfile, extra in (("stale.crl", []),
                               ("nocrlsign.crl", ["--untrusted", "nocrlsign-ca.pem"])):
            cert = "nocrlsign.pem" if extra else "ok.pem"
            rc, rep, _ = run([cert, "--no-network", "--crl", crlfile] + extra)
            verdict(f"--crl {crlfile} that cannot be used: said", [] if rep and
                    rc == 1 and ("crl.file", "fail") in
                    {(f["check"], f["status"]) for f in rep["findings"]}
                    else [f"exit {rc}: {rep and rep['findings']}"])
        # an IPv6 address as the CDP's host (a real http.server on ::1)
        try:
            v6 = servers.RealHTTP(pki, "::1")
        except (OSError, RuntimeError) as e:
            v6 = None
            tally.skip("--url http://[::1]:PORT/", f"no IPv6 loopback: {e}")
        if v6:
            started.append(v6)
            rc, rep, _ = run(["--url", v6.url("/good.crl")])
            steps = rep and {x["step"]: x for x in rep["urls"][0]["steps"]}
            verdict("--url http://[::1]:PORT/ is fetched", [] if rep and
                    rc == 0 and steps.get("http", {}).get("status") == "ok"
                    and "::1" in steps["connect"]["detail"]
                    else [f"exit {rc}: {steps}"])
        # only the intermediate's CRL: the peer's revocation is not known
        rc, rep, _ = run(["revoked.pem", "--no-network", "--crl",
                          "wrong-ca.crl"])
        got = rep and {c["id"]: c["verdict"] for c in rep["causes"]}
        have = rep and {(f["check"], f["status"]) for f in rep["findings"]}
        verdict("--no-network, only the intermediate's CRL: revoked not "
                "ruled out", [] if rep and rc == 0 and
                got["revoked"] == "not-checked" and
                ("crl.no-status", "skip") in have and
                ("crl.not-revoked", "info") in have
                else [f"exit {rc}: {got} {have}"])
        # no --ca: no chain was judged, so nothing is demoted
        rc, rep, _ = run(["nxdomain.pem"], ca=False)
        verdict("no --ca: an unreachable CRL is still a failure", [] if rep
                and rc == 1 and rep["root_cause"] == "crl-unreachable"
                else [f"exit {rc}: {rep and rep['causes']}"])
        rc, rep, _ = run(["nxdomain.pem", "--crl", "good.pem"])
        verdict("--crl covers an unreachable URL: warn", [] if rep and {
            c["id"]: c["verdict"] for c in rep["causes"]}["crl-unreachable"] ==
            "likely" else [f"exit {rc}: {rep and rep['causes']}"])
        # --swanctl: x509ca/ trusted, authorities.*.crl_uris tested as
        # charon splits them (an LDAP URL with commas becomes pieces), the
        # connection's revocation policy
        sw = os.path.join(pki, "swanctl")
        for sub in ("x509ca", "x509crl"):
            os.makedirs(os.path.join(sw, sub), exist_ok=True)
        shutil.copy(os.path.join(pki, "root.pem"),
                    os.path.join(sw, "x509ca", "root.pem"))
        shutil.copy(os.path.join(pki, "issuing.pem"),
                    os.path.join(sw, "x509ca", "issuing.pem"))
        ldap = "ldap://ldap.test.example/CN=Issuing,O=Test?certificateRevocationList"
        for uris, want_split, want_rc in (
                (f"http://crl.test.example:{H}/good.crl", None, 0),
                (f"http://crl.test.example:{H}/good.crl, {ldap}", "warn", 1),
                (ldap, "fail", 1)):
            with open(os.path.join(sw, "swanctl.conf"), "w") as f:
                f.write("connections {\n  rw {\n    remote {\n"
                        "      auth = pubkey\n      revocation = strict\n"
                        "    }\n  }\n}\nauthorities {\n  issuing {\n"
                        "    cacert = issuing.pem\n"
                        f"    crl_uris = {uris}\n  }}\n}}\n")
            rc, rep, err = run(["--swanctl", "swanctl/swanctl.conf"], ca=False)
            probs = [] if rep else [f"not JSON, exit {rc}: {err}"]
            if rep:
                split = [x["status"] for x in rep["findings"]
                         if x["check"] == "config.split-uri"]
                if split != ([want_split] if want_split else []):
                    probs.append(f"config.split-uri {split}")
                tried = [u["url"] for u in rep.get("urls", [])]
                want = [p.strip() for p in uris.split(",") if "://" in p]
                if tried != want:
                    probs.append(f"urls {tried}, want {want}")
                if rep["gateway"] != {"profile": "strongswan",
                                      "revocation": "strict",
                                      "from": "config"}:
                    probs.append(f"gateway {rep['gateway']}")
                if rc != want_rc:
                    probs.append(f"exit {rc}, want {want_rc}")
            verdict(f"--swanctl crl_uris = {uris[:40]}...", probs)

        # each authority's crl_uris go with the certificates its CA issued
        # (charon offers them for the issuing key): the issuing CA's for
        # the leaf, the root's for the issuing CA
        shutil.copy(os.path.join(pki, "root.pem"),
                    os.path.join(sw, "x509ca", "root.pem"))
        with open(os.path.join(sw, "swanctl.conf"), "w") as f:
            f.write("connections {\n  rw {\n    remote { auth = pubkey }\n"
                    "  }\n}\nauthorities {\n  issuing {\n"
                    "    cacert = issuing.pem\n"
                    "    crl_uris = http://crl.test.example/by-issuing.crl\n"
                    "  }\n  root {\n    cacert = root.pem\n"
                    "    crl_uris = http://crl.test.example/by-root.crl\n"
                    "  }\n}\n")
        rc, rep, err = run(["ok.pem", "--swanctl", "swanctl/swanctl.conf",
                            "--no-network"], ca=False)
        probs = [] if rep else [f"not JSON, exit {rc}: {err}"]
        if rep:
            subj = {u["url"].rsplit("/", 1)[1]:
                    rep["certificates"][u["certificate"]]["subject"]
                    if u["certificate"] is not None else None
                    for u in rep["urls"]}
            if not (subj.get("by-issuing.crl") or "").endswith("CN=ok") \
                    or "Issuing" not in (subj.get("by-root.crl") or ""):
                probs.append(f"URLs went to {subj}")
        verdict("--swanctl: an authority's crl_uris serve what its CA "
                "issued", probs)

        # --url with a certificate, and bad input
        rc, rep, _ = run(["nocdp.pem", "--url", f"http://crl.test.example:{H}/good.crl"])
        verdict("--url is tested", [] if rep and len(rep.get("urls", [])) == 1 and
                rep["urls"][0]["status"] == "ok" else [f"exit {rc}"])
        # --url with no certificate: each URL judged alone
        rc, rep, _ = run(["--url", f"http://crl.test.example:{H}/good.crl"])
        verdict("--url alone: usable", [] if rep and rc == 0 and
                rep["urls"][0]["certificate"] is None and
                ("verify", "ok") in [(x["step"], x["status"])
                                     for x in rep["urls"][0]["steps"]] and
                not any("separate CRL key" in x["detail"]
                        for x in rep["urls"][0]["steps"])
                else [f"exit {rc}: {rep and rep['urls']}"])
        rc, rep, _ = run(["--url", f"http://crl.test.example:{H}/stale.crl"])
        verdict("--url alone: stale", [] if rep and rc == 1 and
                ("crl.url", "fail") in {(f["check"], f["status"])
                                        for f in rep["findings"]}
                else [f"exit {rc}: {rep and rep['findings']}"])
        # --url alone that fails, at every step: a fail finding, exit 1
        for what, url, extra in (
                ("refused", f"http://127.0.0.1:{closed}/x.crl", []),
                ("404", f"http://crl.test.example:{H}/missing", []),
                ("timeout", f"http://crl.test.example:{H}/hang", []),
                ("oversized", f"http://crl.test.example:{H}/endless",
                 ["--max-size", "4096"]),
                ("redirect to file://",
                 f"http://crl.test.example:{H}/to-file", [])):
            rc, rep, _ = run(["--url", url] + extra)
            verdict(f"--url alone: {what} is a failure", [] if rep and
                    rc == 1 and ("crl.url", "fail") in
                    {(f["check"], f["status"]) for f in rep["findings"]} and
                    rep["root_cause"] == "crl-unreachable"
                    else [f"exit {rc}: {rep and rep['findings']}"])
        rc, rep, err = run(["ok.pem", "--crl", "root.pem"])
        verdict("--crl that is no CRL: exit 2", [] if rc == 2 and "root.pem" in err
                and len(err.splitlines()) == 1 else [f"exit {rc}, {err!r}"])
        # malformed network options: exit 2 naming the option, before any
        # traffic (the scripted DNS server counts what it is asked)
        asked = dns.queries
        for opt, val in (("--dns", "256.1.1.1"), ("--dns", "localhost"),
                         ("--dns", "127.0.0.1:53:53"), ("--dns", "1.2.3.4.5"),
                         ("--dns", "127.0.0.1:70000"),
                         ("--source", "nosuchif0"), ("--source", "10.0.0"),
                         ("--proxy", "ftp:/x"), ("--proxy", "http://")):
            rc, rep, err = run(["ok.pem", opt, val])
            verdict(f"exit 2: {opt} {val}", [] if rc == 2 and
                    f"'{opt}'" in err and len(err.splitlines()) <= 2
                    else [f"exit {rc}, {err!r}"])
        rc, rep, err = run(["ok.pem"] + [x for i in range(9) for x in
                                        ("--dns", f"127.0.0.{i + 2}")])
        verdict("exit 2: nine --dns servers", [] if rc == 2 and
                "more than 8" in err else [f"exit {rc}, {err!r}"])
        verdict("bad options sent no query", [] if dns.queries == asked
                else [f"{dns.queries - asked} queries"])
        rc, rep, err = run(["ok.pem", "--timeout", "soon"])
        verdict("bad --timeout: exit 2", [] if rc == 2 and "--timeout" in err
                else [f"exit {rc}, {err!r}"])
        # the system resolver (no --dns) is the test's resolv.conf
        if sysdns:
            rc, rep, _ = run(["ok.pem"], dnsaddr=None)
            verdict("system resolver from CERTCHECK_RESOLV_CONF", [] if rep and
                    rc == 0 and sysdns.queries > 0 else
                    [f"exit {rc}, queries {sysdns.queries}"])
        else:
            tally.skip("system resolver", "cannot bind port 53 on loopback")
        # credentials in a URL never reach the output, text or JSON
        _, text, err_t = run(["withcreds.pem"], fmt="text")
        rc, rep, err = run(["withcreds.pem"])
        shown = text + err_t + json.dumps(rep) + err
        verdict("credentials masked",
                ["'secret' in the output"] if "secret" in shown else
                [] if rep and "***@" in text and "***@" in json.dumps(rep)
                else [f"exit {rc}; {text[-400:]!r}"])
        # ... nor does a redirect target's
        for fmt in ("text", "json"):
            rc, out, err = run(["--url", u(t, "/to-creds")], fmt=fmt)
            shown = (out if fmt == "text" else json.dumps(out)) + err
            verdict(f"credentials in a redirect target masked ({fmt})",
                    ["'hunter2' in the output"] if "hunter2" in shown else
                    [] if "***@127.0.0.1" in shown else [f"{shown[-300:]!r}"])
        # nothing left in the temporary directory (valgrind's own vgdb
        # pipes aside, when it wraps the run)
        with tempfile.TemporaryDirectory() as tmp:
            rc, rep, _ = run(["ok.pem"], env={"TMPDIR": tmp})
            left = [f for f in os.listdir(tmp) if not f.startswith("vgdb-")]
            verdict("no temporary files left", [] if rep and rc == 0 and
                    not left else [f"exit {rc}, left {left}"])
        # --source: queries and fetches leave from that address
        rc, rep, _ = run(["ok.pem", "--source", "127.0.0.1"])
        verdict("--source 127.0.0.1", [] if rep and rc == 0 else [f"exit {rc}"])
        # --proxy: the fetch goes through it (the scripted server plays one)
        http.table[f"http://crl.test.example:{H}/good.crl"] = ("file", "good.crl")
        before = http.requests
        rc, rep, _ = run(["ok.pem", "--proxy", f"http://127.0.0.1:{H}"])
        verdict("--proxy is used", [] if rep and rc == 0 and
                http.requests == before + 1 else
                [f"exit {rc}, requests {http.requests - before}"])
        # at most 100 URLs of one certificate are fetched
        rc, rep, _ = run(["toomany.pem"])
        skipped_urls = [x for x in (rep or {}).get("urls", [])
                        if x["status"] == "skip"]
        verdict("at most 100 URLs fetched", [] if rep and len(rep["urls"]) == 1000
                and len(skipped_urls) == 900 else
                [f"exit {rc}, urls {rep and len(rep['urls'])}, skipped "
                 f"{len(skipped_urls)}"])
        # environment proxies are not the gateway's
        rc, rep, _ = run(["ok.pem"], env={"http_proxy": "http://127.0.0.1:9/"})
        verdict("http_proxy ignored and said", [] if rep and rc == 0 and any(
            f["check"] == "crl.proxy-ignored" for f in rep["findings"])
            else [f"exit {rc}"])
        # several URLs at once, each with its own steps
        rc, rep, _ = run(["ok.pem", "nxdomain.pem", "http404.pem", "partial.pem"])
        verdict("four certificates at once", [] if rep and len(rep["urls"]) == 5
                else [f"exit {rc}, urls {rep and len(rep['urls'])}"])
        if ldap:
            rc, rep, _ = run(["ldapok.pem"], timeout="5")
            steps = [(s["step"], s["status"]) for s in rep["urls"][0]["steps"]] \
                if rep else []
            verdict("ldap from slapd", [] if rc == 0 and ("ldap", "ok") in steps
                    and ("lookup", "ok") in steps else
                    [f"exit {rc}, steps {steps}"])
            # 10,000 entries answer: the cap stops the transfer in time
            rc, rep, _ = run(["ldapmany.pem", "--max-size", "1000000"],
                             timeout="10")
            steps = [(s["step"], s["status"]) for s in rep["urls"][0]["steps"]] \
                if rep else []
            verdict("an LDAP answer of 10,000 entries, capped", [] if rc == 1
                    and ("ldap", "fail") in steps and "max-size" in
                    rep["urls"][0]["steps"][-1]["detail"] else
                    [f"exit {rc}, steps {steps}"])
            rc, rep, _ = run(["ldapmany.pem"], timeout="20")
            steps = [(s["step"], s["status"]) for s in rep["urls"][0]["steps"]] \
                if rep else []
            verdict("an LDAP answer of 10,000 entries: the first CRL", []
                    if rc == 0 and ("lookup", "ok") in steps else
                    [f"exit {rc}, steps {steps}"])
            rc, rep, _ = run(["hostlessdc.pem"], timeout="5")
            steps = [(s["step"], s["status"]) for s in rep["urls"][0]["steps"]] \
                if rep else []
            verdict("hostless ldap:/// through the domain's SRV", [] if rc == 1
                    and [x[0] for x in steps[:3]] == ["scheme", "srv", "dns"]
                    and ("lookup", "ok") in steps and ("scheme", "warn") in steps
                    and rep["causes"][2]["verdict"] == "likely" else
                    [f"exit {rc}, steps {steps}"])
    finally:
        for s in reversed(started):
            s.stop()
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
