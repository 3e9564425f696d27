#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `certcheck diagnose`: one scenario per cause, each
alone; a healthy baseline; two causes at once (the ranking); --quiet; and
golden files of the text report for three scenarios.

usage: test_diagnose.py CERTCHECK TESTPKI_DIR MKCRLPKI GOLDEN_DIR
       (CERTCHECK_GOLDEN_UPDATE=1 rewrites the golden files)

The network scenarios run against a scripted DNS server and an HTTP server
this test starts on loopback; the test PKI for them is minted once they have
their ports.  Ends with 'N passed, N failed'.
"""
import base64
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import tempfile
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import servers  # noqa: E402
from scratch import scratch_dir  # noqa: E402
from tally import Tally  # noqa: E402
from spec import CAUSES, spec_problems  # noqa: E402

AT = "2026-06-01T12:00:00Z"
WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
BASE = ["--local", "gw.pem", "--peer", "alice.pem", "--ca", "root.pem",
        "--untrusted", "issuing.pem"]

NOMATCH = "tunnel Eng idlist=Eng\nidlist Eng\n  dn O=Example Corp, OU=Engineering\n"


def normalise(text):
    """What changes with generated keys: digests and key ids."""
    text = re.sub(r"\b[0-9a-f]{2}(:[0-9a-f]{2}){7,}\b", "<keyid>", text)
    return re.sub(r"\b[0-9a-f]{16,}\b", "<hex>", text)


def main():
    binary, pki, mkpki, golden = (os.path.abspath(a) for a in sys.argv[1:5])
    update = os.environ.get("CERTCHECK_GOLDEN_UPDATE") == "1"
    tmp = scratch_dir("certcheck-diagnose-")
    tally = Tally()
    verdict = tally.verdict
    started = []


    # with --dns, certcheck asks this machine's resolver too (split
    # horizon); here that is an address of 127/8 where nothing listens, so
    # the machine's real resolver is never asked
    resolv = os.path.join(tmp, "resolv.conf")
    with open(resolv, "w") as f:
        f.write(f"nameserver 127.{random.randint(1, 254)}."
                f"{random.randint(1, 254)}.1\n")

    def run(cwd, args, fmt="json", env=None):
        e = dict(os.environ)
        e["CERTCHECK_RESOLV_CONF"] = resolv
        e.update(env or {})
        cmd = WRAPPER + [binary, "diagnose"] + args + ["--at", AT]
        if fmt == "json":
            cmd += ["--format", "json"]
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                           timeout=300, env=e)
        if fmt != "json":
            return p.returncode, None, p.stdout, p.stderr
        try:
            return p.returncode, json.loads(p.stdout), p.stdout, p.stderr
        except ValueError:
            return p.returncode, None, p.stdout, p.stderr

    with open(os.path.join(tmp, "nomatch.conf"), "w") as f:
        f.write(NOMATCH)
    try:
        http = servers.ScriptedHTTP(tmp, {"/good.crl": ("file", "net/good.crl")})
        started.append(http)
        dns = servers.ScriptedDNS({"crl.test.example": ("A", ["127.0.0.1"]),
                                   "missing.test.example": "NXDOMAIN",
                                   # remote_addrs names (--swanctl)
                                   "peer.test.example": ("A",
                                                         ["198.51.100.7"]),
                                   "rr.test.example": ("A", [
                                       "203.0.113.9", "198.51.100.7"])})
        started.append(dns)
        good = f"http://crl.test.example:{http.port}/good.crl"
        net = os.path.join(tmp, "net")
        subprocess.run([mkpki, net, f"gw={good}", f"alice={good}",
                        f"revoked={good}",
                        f"nxdomain=http://missing.test.example:{http.port}/x.crl"],
                       check=True, timeout=60)
        scale = float(os.environ.get("CERTCHECK_TIMEOUT_SCALE", "1"))
        NET = ["--dns", dns.addr, "--timeout", str(3 * scale),
               "--local", "gw.pem", "--ca", "root.pem", "--untrusted", "issuing.pem"]
        h = os.path.join(pki, "healthy")
        OFF = ["--no-network"]

        # name, cwd, args, exit, root cause, causes that must be confirmed
        # or likely (all others must not be)
        CASES = [
            ("healthy baseline (network)", net, NET + ["--peer", "alice.pem"],
             0, None, []),
            ("ca-mismatch alone", os.path.join(pki, "different-roots"),
             BASE + ["--peer-ca", "root.pem", "--peer-ca", "other-root.pem"] + OFF,
             1, "ca-mismatch", ["ca-mismatch"]),
            ("validity alone", os.path.join(pki, "expired"), BASE + OFF, 1,
             "validity", ["validity"]),
            ("crl-unreachable alone (NXDOMAIN)", net,
             NET + ["--peer", "nxdomain.pem"], 1, "crl-unreachable",
             ["crl-unreachable"]),
            ("idlist alone", h,
             BASE + OFF + ["--idlist", os.path.join(tmp, "nomatch.conf")], 1,
             "idlist", ["idlist"]),
            ("wrong-certificate alone (--expect-peer)", h,
             BASE + OFF + ["--expect-peer",
                           os.path.join(pki, "idlist", "users", "bob.pem")],
             1, "wrong-certificate", ["wrong-certificate"]),
            ("revoked alone", net, NET + ["--peer", "revoked.pem"], 1,
             "revoked", ["revoked"]),
            ("identity alone", h,
             BASE + OFF + ["--peer-id", "fqdn:nothing.example.com"], 1,
             "identity", ["identity"]),
            ("key alone", os.path.join(pki, "rsa1024"), BASE + OFF, 1, "key",
             ["key"]),
            ("two causes: confirmed validity before likely ca-mismatch",
             os.path.join(pki, "expired"),
             ["--local", "gw.pem", "--peer", "alice.pem", "--ca", "root.pem"]
             + OFF, 1, "validity", ["validity", "ca-mismatch"]),
            ("two confirmed causes: the table's order",
             os.path.join(pki, "different-roots"),
             BASE + ["--peer-ca", "root.pem", "--peer-ca", "other-root.pem",
                     "--expect-peer", os.path.join(h, "alice.pem")] + OFF,
             1, "ca-mismatch", ["ca-mismatch", "wrong-certificate"]),
        ]
        for name, cwd, args, code, root, bad in CASES:
            rc, rep, _, err = run(cwd, args)
            if rep is None:
                verdict(name, [f"not JSON; exit {rc}; {err!r}"])
                continue
            probs = spec_problems(rep, rc, "diagnose", [])
            if rc != code:
                probs.append(f"exit {rc}, want {code}")
            if rep["root_cause"] != root:
                probs.append(f"root cause {rep['root_cause']}, want {root}")
            got = {c["id"]: c["verdict"] for c in rep["causes"]}
            for c in CAUSES:
                is_bad = got[c] in ("confirmed", "likely")
                if is_bad != (c in bad):
                    probs.append(f"{c} is {got[c]}")
            if not root and not any(f["check"] == "diagnose.psk"
                                    for f in rep["findings"]):
                probs.append("no pre-shared-key advice when nothing is found")
            verdict(name, probs)

        # the lists' own flaws (a shadowed tunnel, unused and duplicate
        # entries) are idlist's business: diagnose judges one peer
        flawed = os.path.join(tmp, "flawed.conf")
        with open(flawed, "w") as f:
            f.write("tunnel All idlist=All\ntunnel Eng idlist=Eng\n"
                    "idlist All\n  dn O=Example Corp\n"
                    "  email nobody@example.com\n"
                    "  email nobody@example.com\n"
                    "idlist Eng\n  dn O=Example Corp, OU=Engineering\n")
        rc, rep, _, err = run(h, BASE + OFF + ["--idlist", flawed])
        checks = {x["check"] for x in rep["findings"]} if rep else set()
        verdict("diagnose: no list flaws, the peer's landing said", [] if
                rep and not checks & {"idlist.shadowed", "idlist.unused",
                                      "idlist.duplicate"} and
                rep["matches"][0]["tunnel"] == "All"
                else [f"exit {rc}: {sorted(checks)} {err}"])
        p = subprocess.run(WRAPPER + [binary, "idlist", "--idlist", flawed,
                                      os.path.join(h, "alice.pem"),
                                      "--format", "json"],
                           capture_output=True, text=True, timeout=300)
        checks = {x["check"] for x in json.loads(p.stdout)["findings"]}
        verdict("idlist: the same lists' flaws said", [] if {
            "idlist.shadowed", "idlist.unused", "idlist.duplicate"} <= checks
            else [f"{sorted(checks)}"])

        # --swanctl: the connection charon selects for the peer (address
        # --from, IDi its subject; the lab proves the same rules against a
        # real charon), and none: config.no-connection
        sw = os.path.join(tmp, "swanctl")
        for sub in ("x509", "x509ca", "private"):
            os.makedirs(os.path.join(sw, sub), exist_ok=True)
        shutil.copy(os.path.join(h, "gw.pem"), os.path.join(sw, "x509"))
        shutil.copy(os.path.join(h, "gw.key"), os.path.join(sw, "private"))
        for ca in ("root.pem", "issuing.pem"):
            shutil.copy(os.path.join(h, ca), os.path.join(sw, "x509ca"))

        def conns(*defs):
            path = os.path.join(sw, "swanctl.conf")
            with open(path, "w") as f:
                f.write("connections {\n" + "".join(
                    f"  {n} {{\n    {extra}\n    local {{ certs = gw.pem }}\n"
                    f"    remote {{ {remote} }}\n  }}\n"
                    for n, extra, remote in defs) + "}\n")
            return path

        def chosen(rc, rep, err, want, cause, statuses):
            """What is wrong with a report of a configuration: the
            connection judged against is not want, the root cause not
            cause, or a check's statuses not those of statuses."""
            if not rep:
                return [f"exit {rc}: {err}"]
            probs = spec_problems(rep, rc, "diagnose", [])
            named = [f["evidence"]["connection"] for f in rep["findings"]
                     if f["check"] == "config.connection"]
            if named != [want]:
                probs.append(f"connection {named}, want {want}")
            if rep["root_cause"] != cause:
                probs.append(f"root cause {rep['root_cause']}")
            for check, wanted in statuses.items():
                got = [f["status"] for f in rep["findings"]
                       if f["check"] == check]
                if got != wanted:
                    probs.append(f"{check} {got}, want {wanted}")
            return probs

        wild = 'id = "C=SE, O=Example Corp, CN=*"'
        issuing = subprocess.run(
            ["openssl", "x509", "-noout", "-subject", "-nameopt",
             "sep_comma_plus_space", "-in", os.path.join(h, "issuing.pem")],
            capture_output=True, text=True, check=True).stdout
        issuing = issuing.strip().split("=", 1)[1].strip()
        # remote.ca_id: a CA the peer's chain must hold, else charon moves
        # on to the next candidate (auth_cfg.c:853, :1167)
        for label, defs, want, cause, wanted in (
                ("ca_id of another CA: the next connection takes the peer",
                 [("other", "", 'ca_id = "CN=Nobody"'), ("rw", "", "")],
                 "rw", None, []),
                ("ca_id of the peer's issuing CA",
                 [("rw", "", f'ca_id = "{issuing}"')], "rw", None, ["ok"]),
                ("ca_id that no chain holds: ca-mismatch",
                 [("only", "", 'ca_id = "CN=Nobody"')], "only",
                 "ca-mismatch", ["fail"])):
            rc, rep, _, err = run(h, ["--swanctl", conns(*defs), "--peer",
                                      "alice.pem", "--from",
                                      "198.51.100.7"] + OFF)
            verdict(f"--swanctl remote.ca_id: {label}",
                    chosen(rc, rep, err, want, cause,
                           {"config.constraint": wanted}))

        # names in remote_addrs: charon asks its resolver and takes the
        # first address (ike_cfg.c:213); here the test's DNS server (--dns)
        for label, defs, want, said in (
                ("a name of the peer's address: better than any",
                 [("any", "", ""),
                  ("byname", "remote_addrs = peer.test.example", "")],
                 "byname", "'peer.test.example': 198.51.100.7"),
                # charon takes the first address its resolver answers;
                # servers rotate several (dnsmasq does): taken, and said
                ("a name with the peer's address second: taken, and said",
                 [("rr", "remote_addrs = rr.test.example", ""),
                  ("any", "", "")], "rr",
                 "only when its address comes first"),
                ("a name of another address: out",
                 [("other", "remote_addrs = crl.test.example", ""),
                  ("any", "", "")], "any", "'crl.test.example': 127.0.0.1"),
                ("a name that does not resolve: out",
                 [("nx", "remote_addrs = missing.test.example", ""),
                  ("any", "", "")], "any",
                 "'missing.test.example': no address")):
            rc, rep, _, err = run(h, ["--swanctl", conns(*defs), "--peer",
                                      "alice.pem", "--from", "198.51.100.7",
                                      "--dns", dns.addr])
            probs = chosen(rc, rep, err, want, None, {})
            inputs = [i for f in (rep or {}).get("findings", [])
                      for i in f["evidence"].get("inputs", [])]
            if not any(said in i for i in inputs):
                probs.append(f"the inputs do not say {said}: {inputs}")
            verdict(f"--swanctl remote_addrs name: {label}", probs)

        # (label, connections, --from, judged against, root cause,
        #  config.missing-file statuses, config.no-connection statuses)
        for label, defs, frm, want, cause, missing, none_want in (
                ("load order where neither is better on both",
                 [("byid", "", wild),
                  ("byaddr", "remote_addrs = 198.51.100.7", "")],
                 "198.51.100.7", "byid", None, [], []),
                ("better on both",
                 [("any", "", ""),
                  ("exact", "remote_addrs = 198.51.100.0/24", wild)],
                 "198.51.100.7", "exact", None, [], []),
                ("a psk connection gives way",
                 [("psk", "", "auth = psk"), ("rw", "", "")],
                 "198.51.100.7", "rw", None, [], []),
                ("no connection takes the peer",
                 [("other", "remote_addrs = 203.0.113.0/24", ""),
                  ("bob", "", 'id = "C=SE, O=Example Corp, CN=bob"')],
                 "198.51.100.7", "other", "idlist", [], ["fail"]),
                # swanctl --load-conns refuses a connection whose file is
                # missing: charon never has it (load_conns.c:148)
                ("a connection swanctl refuses, that would take the peer",
                 [("typo", "", "cacerts = nosuch.pem"), ("rw", "", "")],
                 "198.51.100.7", "rw", "idlist", ["warn"], []),
                ("a connection swanctl refuses, behind the one taken",
                 [("rw", "", ""), ("typo", "", "cacerts = nosuch.pem")],
                 "198.51.100.7", "rw", None, ["info"], []),
                ("the only connection refused: none takes the peer",
                 [("typo", "", "cacerts = nosuch.pem"),
                  ("psk", "", "auth = psk")],
                 "198.51.100.7", "typo", "idlist", ["warn"], ["fail"])):
            rc, rep, _, err = run(h, ["--swanctl", conns(*defs), "--peer",
                                      "alice.pem", "--from", frm] + OFF)
            verdict(f"--swanctl selection: {label}",
                    chosen(rc, rep, err, want, cause,
                           {"config.no-connection": none_want,
                            "config.missing-file": missing}))

        # certs and cacerts as inline blobs (0x hex, 0s base64: swanctl's
        # load_conns.c:110): the certificates themselves, no files
        def der(name):
            return subprocess.run(
                ["openssl", "x509", "-in", os.path.join(h, name), "-outform",
                 "DER"], capture_output=True, check=True).stdout
        blob = conns(("rw", "", "cacerts = 0s" +
                      base64.b64encode(der("root.pem")).decode()))
        with open(blob) as f:
            text = f.read().replace("certs = gw.pem",
                                    "certs = 0x" + der("gw.pem").hex())
        with open(blob, "w") as f:
            f.write(text)
        rc, rep, _, err = run(h, ["--swanctl", blob, "--peer", "alice.pem",
                                  "--untrusted", "issuing.pem"] + OFF)
        probs = chosen(rc, rep, err, "rw", None,
                       {"config.private-key": ["ok"],
                        "pair.chain.anchors": ["info"]})
        if rep and not any("inline" in i for f in rep["findings"]
                           for i in f["evidence"].get("inputs", [])):
            probs.append("the inputs do not say the certificates are inline")
        verdict("--swanctl: inline 0x and 0s certificates", probs)
        with open(blob, "w") as f:
            f.write(text.replace("certs = 0x", "certs = 0x00"))
        rc, _, _, err = run(h, ["--swanctl", blob, "--peer", "alice.pem"] +
                            OFF)
        verdict("--swanctl: an inline value that is no certificate",
                [] if rc == 2 and "no certificate" in err and
                err.count("\n") == 1 else [f"exit {rc}: {err}"])

        # the gateway's private key, as swanctl loads it: private/, an
        # encrypted one with the passphrase of its secrets section; never
        # printed
        one = [("rw", "", "")]
        for label, files, secrets, status, cause in (
                ("the key of gw.pem in private/", ["gw.key"], "", "ok",
                 None),
                ("another key only", ["alice.key"], "", "fail",
                 "wrong-certificate"),
                ("encrypted, the passphrase in secrets", ["gw-enc.key"],
                 "secrets {\n  private-gw {\n    file = gw-enc.key\n"
                 "    secret = \"gateway secret\"\n  }\n}\n", "ok", None),
                # swanctl --load-creds --noprompt cannot load it: likely
                ("encrypted, no passphrase", ["gw-enc.key"], "", "warn",
                 "wrong-certificate"),
                ("no key at all", [], "", "fail", "wrong-certificate")):
            priv = os.path.join(sw, "private")
            for old in os.listdir(priv):
                os.unlink(os.path.join(priv, old))
            for k in files:
                shutil.copy(os.path.join(h, k), priv)
            path = conns(*one)
            with open(path, "a") as f:
                f.write(secrets)
            rc, rep, text, err = run(h, ["--swanctl", path, "--peer",
                                         "alice.pem"] + OFF)
            probs = [] if rep else [f"exit {rc}: {err}"]
            if rep:
                probs += spec_problems(rep, rc, "diagnose", [])
                got = [f["status"] for f in rep["findings"]
                       if f["check"] == "config.private-key"]
                if got != [status]:
                    probs.append(f"config.private-key {got}")
                if rep["root_cause"] != cause:
                    probs.append(f"root cause {rep['root_cause']}")
                if "BEGIN" in text or "gateway secret" in text:
                    probs.append("key material or passphrase printed")
            verdict(f"--swanctl private key: {label}", probs)

        # --ipsec-conf: strongSwan's ipsec.conf as its starter reads it,
        # through the same importer and choice of connection
        ipc = os.path.join(tmp, "ipsec")
        for sub in ("certs", "cacerts", "crls"):
            os.makedirs(os.path.join(ipc, "ipsec.d", sub), exist_ok=True)
        shutil.copy(os.path.join(h, "gw.pem"),
                    os.path.join(ipc, "ipsec.d", "certs"))
        for ca in ("root.pem", "issuing.pem"):
            shutil.copy(os.path.join(h, ca),
                        os.path.join(ipc, "ipsec.d", "cacerts"))
        shutil.copy(os.path.join(pki, "different-roots", "other-root.pem"),
                    os.path.join(ipc, "ipsec.d", "cacerts"))
        os.makedirs(os.path.join(ipc, "ipsec.d", "private"), exist_ok=True)
        shutil.copy(os.path.join(h, "gw.key"),
                    os.path.join(ipc, "ipsec.d", "private"))
        with open(os.path.join(ipc, "ipsec.secrets"), "w") as f:
            f.write(": ECDSA gw.key\n")
        os.makedirs(os.path.join(ipc, "conns"), exist_ok=True)
        with open(os.path.join(ipc, "conns", "inc.conf"), "w") as f:
            f.write("conn included\n\tright=%any\n\tauto=add\n")
        head = ("# certcheck test\nconfig setup\n\tstrictcrlpolicy=%s\n\n"
                "conn %%default\n\tleftcert=gw.pem\n\tkeyexchange=ikev2\n")
        alice = '"C=SE, O=Example Corp, CN=*"'
        bob = '"C=SE, O=Example Corp, CN=bob"'
        # (label, strictcrlpolicy, the rest, judged against, root cause,
        #  config.not-loaded statuses, config.no-connection statuses,
        #  revocation)
        for label, strict, body, want, cause, ignored, none_want, rev in (
                ("the later also= wins (starter's order)", "no",
                 f"conn a\n\trightid={alice}\n\tauto=ignore\n"
                 f"conn b\n\trightid={bob}\n\tauto=ignore\n"
                 "conn rw\n\talso=a\n\talso=b\n\tauto=add\n",
                 "rw", "idlist", ["info", "info"], ["fail"], "relaxed"),
                ("the same, also= the other way", "ifuri",
                 f"conn a\n\trightid={alice}\n\tauto=ignore\n"
                 f"conn b\n\trightid={bob}\n\tauto=ignore\n"
                 "conn rw\n\talso=b\n\talso=a\n\tauto=add\n",
                 "rw", None, ["info", "info"], [], "ifuri"),
                ("rightid defaults to right, an address", "yes",
                 "conn rw\n\tright=198.51.100.7\n\tauto=add\n",
                 "rw", "idlist", [], ["fail"], "strict"),
                ("rightca naming another CA gives way", "no",
                 "conn other\n\tright=198.51.100.7\n\trightid=%any\n"
                 "\trightca=\"C=US, O=Other Inc, CN=Other Root CA\"\n"
                 "\tauto=add\nconn rw\n\tright=%any\n\tauto=add\n",
                 "rw", None, [], [], "relaxed"),
                ("a conn of an included file", "no",
                 "include conns/*.conf\n",
                 "included", None, [], [], "relaxed"),
                # conf_parser.c:176: "key =" unsets, inherited values too
                ("rightid= unsets %default's", "no",
                 f"conn %default\n\trightid={bob}\n"
                 "conn rw\n\trightid=\n\tauto=add\n",
                 "rw", None, [], [], "relaxed"),
                ("a conn opened twice goes on", "no",
                 f"conn rw\n\trightid={bob}\nconn other\n\tauto=add\n"
                 f"conn rw\n\trightid={alice}\n\tauto=add\n",
                 "rw", None, [], [], "relaxed")):
            path = os.path.join(ipc, "ipsec.conf")
            with open(path, "w") as f:
                f.write(head % strict + body)
            rc, rep, _, err = run(h, ["--ipsec-conf", path, "--peer",
                                      "alice.pem", "--from",
                                      "198.51.100.7"] + OFF)
            probs = chosen(rc, rep, err, want, cause,
                           {"config.not-loaded": ignored,
                            "config.no-connection": none_want})
            if rep and rep["gateway"]["revocation"] != rev:
                probs.append(f"revocation {rep['gateway']['revocation']}")
            verdict(f"--ipsec-conf: {label}", probs)
        # the gateway's key, as the stroke plugin loads ipsec.secrets
        with open(os.path.join(ipc, "ipsec.conf"), "w") as f:
            f.write(head % "no" + "conn rw\n\tauto=add\n")
        for label, secrets, status in (
                ("ipsec.secrets names the key", ": ECDSA gw.key\n", "ok"),
                ("through an include, with %prompt",
                 "include more.secrets\n", "ok"),
                ("only a PSK", '@peer : PSK "gateway secret"\n', "fail"),
                # lexparser.c:34: the type's case counts
                ("'ecdsa' is no type", ": ecdsa gw.key\n", "fail")):
            with open(os.path.join(ipc, "ipsec.secrets"), "w") as f:
                f.write(secrets)
            with open(os.path.join(ipc, "more.secrets"), "w") as f:
                f.write(": ECDSA gw.key %prompt\n")
            rc, rep, text, err = run(h, ["--ipsec-conf",
                                         os.path.join(ipc, "ipsec.conf"),
                                         "--peer", "alice.pem"] + OFF)
            got = [f["status"] for f in rep["findings"]
                   if f["check"] == "config.private-key"] if rep else \
                [f"exit {rc}: {err}"]
            verdict(f"--ipsec-conf private key: {label}",
                    [] if got == [status] and "gateway secret" not in text
                    else [f"config.private-key {got}"])
        for label, text, msg in (
                ("a keyword at column 0 is exit 2 with FILE:LINE",
                 "config setup\nleftcert=gw.pem\n", "bad.conf:2: "),
                ("also= naming no conn is exit 2",
                 "conn rw\n\talso=nosuch\n\tauto=add\n",
                 "also=nosuch in 'rw' names no such section"),
                ("an unterminated string is exit 2",
                 'conn rw\n\trightid="C=SE\n', "unterminated string"),
                ("not with --swanctl", None, "not both")):
            path = os.path.join(ipc, "bad.conf")
            with open(path, "w") as f:
                f.write(text or "")
            extra = ["--swanctl", path] if text is None else []
            rc, _, _, err = run(h, ["--ipsec-conf", path, "--peer",
                                    "alice.pem"] + extra + OFF)
            # one line (a usage error adds the --help hint)
            verdict(f"--ipsec-conf: {label}",
                    [] if rc == 2 and msg in err.splitlines()[0] and
                    err.count("\n") == 1 + ("try '" in err)
                    else [f"exit {rc}: {err}"])

        # --ipsec-conf, libreswan's: its reading of also= and of keys
        # given twice, certificates by nickname from an NSS database
        # (certutil, as libreswan's own tools make it), pluto's choice
        lsw = os.path.join(tmp, "libreswan")
        nss = os.path.join(lsw, "nss")
        os.makedirs(nss)
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}",
                        "--empty-password"], check=True,
                       capture_output=True, timeout=60)
        for nick, trust, f in (("Example Root", "CT,,", "root.pem"),
                               ("Issuing", ",,", "issuing.pem"),
                               ("gw", ",,", "gw.pem")):
            subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", nick,
                            "-t", trust, "-a", "-i", os.path.join(h, f)],
                           check=True, capture_output=True, timeout=60)
        lhead = ("config setup\n\tprotostack=xfrm\n\tcrl-strict=%s\n"
                 "conn %%default\n\tauthby=rsasig\n\tleftcert=gw\n"
                 "\tauto=add\n\tright=%%any\n")
        eng = '"O=Example Corp, CN=*, C=SE"'
        # (label, crl-strict, conns, judged against, root cause, conns not
        #  loaded, config.constraint statuses, revocation)
        for label, strict, body, want, cause, gone, cons, rev in (
                ("fewer wildcards first",
                 "yes", "conn any\nconn any2\nconn eng\n"
                 f"\trightid={eng}\n", "eng", None, [], [], "strict"),
                ("a tie of equals: the conn loaded first",
                 "no", "conn first\n\trightid=%fromcert\n"
                 "conn second\n\trightid=%fromcert\n", "first", None, [],
                 [], "relaxed"),
                # pluto knows the CA of an RSA peer only (peer_id.c:108):
                # alice's key is EC, so every conn with rightca is out
                # while it refines, and the conn of IKE_SA_INIT (the first
                # loaded) stays when none is left
                ("rightca, an EC peer: the conn without it",
                 "no", "conn exact\n\trightid=\"C=SE, O=Example Corp, "
                 "CN=alice\"\n\trightca=\"C=SE, O=Example Corp, "
                 "CN=Example Issuing CA\"\nconn later\n", "later", None,
                 [], [], "relaxed"),
                ("rightca on every conn: IKE_SA_INIT's stays, its CA right",
                 "no", "conn mine\n\trightca=\"C=SE, O=Example Corp, "
                 "CN=Example Issuing CA\"\nconn other\n"
                 "\trightca=\"CN=Nobody\"\n", "mine", None, [], ["ok"],
                 "relaxed"),
                ("rightca on every conn: IKE_SA_INIT's stays, its CA wrong",
                 "no", "conn other\n\trightca=\"CN=Nobody\"\n"
                 "conn mine\n\trightca=\"C=SE, O=Example Corp, "
                 "CN=Example Issuing CA\"\n", "other", "ca-mismatch", [],
                 ["fail"], "relaxed"),
                ("a key given twice with two values: not loaded",
                 "no", "conn twice\n\trightid=@a.example\n"
                 "\trightid=@b.example\nconn any\n", "any", None,
                 ["twice"], [], "relaxed"),
                ("also= giving a key its conn has otherwise: not loaded",
                 "no", "conn base\n\trightid=@a.example\n\tauto=ignore\n"
                 "conn rw\n\talso=base\n\tauto=add\n"
                 "\trightid=@b.example\nconn any\n", "any", None,
                 ["base", "rw"], [], "relaxed"),
                ("also='s auto=ignore is the conn's too",
                 "no", "conn base\n\tauto=ignore\nconn rw\n\talso=base\n"
                 "conn any\n\trightid=@nobody.example\n", "any",
                 "idlist", ["base", "rw"], [], "relaxed"),
                ("rightauth its authby does not allow: not loaded",
                 "no", "conn strict\n\trightauth=ecdsa\n"
                 "\tauthby=rsasig\nconn any\n", "any", None, ["strict"],
                 [], "relaxed"),
                ("a nickname the database lacks: not loaded",
                 "no", "conn typo\n\tleftcert=gw-old\nconn any\n", "any",
                 None, ["typo"], [], "relaxed")):
            path = os.path.join(lsw, "ipsec.conf")
            with open(path, "w") as f:
                f.write(lhead % strict + body)
            rc, rep, _, err = run(h, ["--ipsec-conf", path, "--nss-db", nss,
                                      "--peer", "alice.pem", "--from",
                                      "198.51.100.7"] + OFF)
            probs = chosen(rc, rep, err, want, cause,
                           {"config.constraint": cons})
            if rep:
                got = [f["evidence"]["connection"] for f in rep["findings"]
                       if f["check"] == "config.not-loaded"]
                if got != gone:
                    probs.append(f"not loaded {got}, want {gone}")
                if rep["gateway"]["revocation"] != rev:
                    probs.append(f"revocation {rep['gateway']}")
                if rep["gateway"]["profile"] != "libreswan":
                    probs.append(f"gateway {rep['gateway']}")
            verdict(f"--ipsec-conf libreswan: {label}", probs)
        for label, text, extra, msg in (
                ("without --nss-db, it is asked for",
                 lhead % "no" + "conn any\n", [], "give --nss-db DIR"),
                ("both dialects' keys: the user says which",
                 "config setup\n\tprotostack=xfrm\n\tcharondebug=cfg 2\n",
                 [], "give --ipsec-conf-dialect"),
                ("ca sections are not libreswan's",
                 "ca x\n\tcacert=a.pem\n",
                 ["--ipsec-conf-dialect", "libreswan"], "ca sections"),
                ("--nss-db with strongSwan's ipsec.conf",
                 "config setup\n\tcharondebug=cfg 2\n", ["--nss-db", nss],
                 "--nss-db is libreswan's")):
            path = os.path.join(lsw, "bad.conf")
            with open(path, "w") as f:
                f.write(text)
            rc, _, _, err = run(h, ["--ipsec-conf", path, "--peer",
                                    "alice.pem"] + extra + OFF)
            verdict(f"--ipsec-conf libreswan: {label}",
                    [] if rc == 2 and msg in err and err.count("\n") <= 2
                    else [f"exit {rc}: {err}"])

        left = [n for n in os.listdir(tempfile.gettempdir())
                if n.startswith("certcheck-nss-")]
        verdict("libreswan: the NSS export is removed, errors too", [] if not left
                else [f"left behind: {left}"])

        # the causes a run cannot check say why
        rc, rep, _, _ = run(h, BASE + OFF)
        why = {c["id"]: c["summary"] for c in rep["causes"]
               if c["verdict"] == "not-checked"}
        verdict("not-checked causes say why", [] if why.get("idlist") ==
                "no --idlist given" and why.get("crl-unreachable") ==
                "--no-network and no --crl file" and why.get("identity") ==
                "no --peer-id given" else [f"{why}"])
        # the text report: the answer first, the other wrong causes
        rc, _, text, _ = run(os.path.join(pki, "different-roots"),
                             BASE + ["--peer-ca", "root.pem", "--peer-ca",
                                     "other-root.pem", "--expect-peer",
                                     os.path.join(h, "alice.pem")] + OFF, "text")
        verdict("text: root cause first, also wrong listed", [] if
                text.startswith("Root cause: the peer's certificate chain ends at")
                and "\nAlso wrong:\n  wrong-certificate: " in text else [text[:300]])
        rc, _, out, _ = run(os.path.join(pki, "expired"), BASE + OFF + ["-q"],
                            "text")
        verdict("--quiet", [] if rc == 1 and out.startswith("validity: ") and
                out.count("\n") == 1 else [f"exit {rc}, {out!r}"])
        rc, _, out, _ = run(net, NET + ["--peer", "alice.pem", "-q"], "text")
        verdict("--quiet when healthy", [] if rc == 0 and out == "ok\n"
                else [f"exit {rc}, {out!r}"])
        rc, _, out, err = run(h, ["--local", "gw.pem", "--peer", "alice.pem"],
                              "text")
        verdict("exit 2 without --ca", [] if rc == 2 and "'--ca'" in err and
                not out else [f"exit {rc}, {err!r}"])

        # golden files: the wording changes only on purpose
        GOLDEN = [
            ("diagnose-different-roots.txt", os.path.join(pki, "different-roots"),
             BASE + ["--peer-ca", "root.pem", "--peer-ca", "other-root.pem"] + OFF),
            ("diagnose-peer-skew.txt", os.path.join(pki, "peer-skew"),
             BASE + ["--peer-skew", "-2h"] + OFF),
            ("diagnose-idlist.txt", h,
             BASE + OFF + ["--idlist", "../nomatch.conf"]),
        ]
        with open(os.path.join(pki, "nomatch.conf"), "w") as f:
            f.write(NOMATCH)
        for name, cwd, args in GOLDEN:
            _, _, text, err = run(cwd, args, "text", {"NO_COLOR": "1"})
            text = normalise(text)
            path = os.path.join(golden, name)
            if update:
                with open(path, "w") as f:
                    f.write(text)
            want = open(path).read() if os.path.exists(path) else None
            if want == text:
                verdict(f"golden {name}", [])
            else:
                import difflib
                diff = "".join(difflib.unified_diff(
                    (want or "").splitlines(True), text.splitlines(True),
                    "golden", "now"))
                verdict(f"golden {name}", [diff[:3000] or f"{err!r}"])
    finally:
        for s in reversed(started):
            s.stop()
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
