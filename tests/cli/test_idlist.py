#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of `certcheck idlist` on generated user certificates.

usage: test_idlist.py CERTCHECK TESTPKI_DIR

The users are minted by mkpki (testpki/idlist/users); the ID-list files are
written here, one per situation.  Every JSON report is checked against
doc/report.md's rules, then the landing of each certificate (the `matches`
member), the shadowed tunnels, the verdicts and the exit code.
Ends with 'N passed, N failed'.
"""
import json
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from scratch import scratch_dir  # noqa: E402
from tally import Tally  # noqa: E402
from spec import expect_problems, spec_problems  # noqa: E402

WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
NOT_IDLIST = ["ca-mismatch", "validity", "crl-unreachable",
              "wrong-certificate", "revoked", "key"]

ROAMING_ABOVE = """\
# the field guide's case: a roaming tunnel above VPN-3
tunnel VPN-1  remote=192.0.2.1       idlist=Office1
tunnel L2TP   remote=any
tunnel VPN-3  remote=198.51.100.0/24 idlist=Office3

idlist Office1
  dn     O=Example Corp, OU=Sales
  email  *@sales.example.com

idlist Office3
  dn     C=SE, O=Example Corp, OU=Engineering, CN=*
"""

FIXED = """\
tunnel VPN-1  remote=192.0.2.1       idlist=Office1
tunnel VPN-3  remote=198.51.100.0/24 idlist=Office3
tunnel L2TP   remote=any

idlist Office1
  dn     O=Example Corp, OU=Sales
  email  *@sales.example.com

idlist Office3
  dn     C=SE, O=Example Corp, OU=Engineering, CN=*
"""

OVERLAP = """\
tunnel Sales   idlist=Sales
tunnel Support idlist=Support

idlist Sales
  dn  O=Example Corp, OU=Sales
idlist Support
  dn  O=Example Corp, OU=Support
  dn  O=Example Corp, OU=Sales, CN=carol
"""

SANS = """\
profile strongswan
tunnel Gateways idlist=Gw
tunnel Mail     idlist=Mail
tunnel Sites    idlist=Sites

idlist Gw
  fqdn   *.example.com
idlist Mail
  email  *@example.com
  email  *@corp.example.com
  email  *@corp.example.com
idlist Sites
  ip     2001:db8::/64
"""

STRICT_ONLY = """\
tunnel Eng idlist=Eng
idlist Eng
  dn  C=SE, O=Example Corp, OU=Sales, CN=*
"""


def main():
    binary, pki = os.path.abspath(sys.argv[1]), sys.argv[2]
    users = os.path.join(pki, "idlist", "users")
    tmp = scratch_dir("certcheck-idlist-")
    tally = Tally()
    verdict = tally.verdict


    def conf(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run(args, json_out=True):
        cmd = WRAPPER + [binary, "idlist"] + args + (
            ["--format", "json"] if json_out else [])
        p = subprocess.run(cmd, cwd=users, capture_output=True, text=True,
                           timeout=300)
        rep = None
        if json_out:
            try:
                rep = json.loads(p.stdout)
            except ValueError:
                pass
        return p.returncode, rep, p.stdout, p.stderr

    def landing(rep, cn):
        for m in rep["matches"]:
            subject = rep["certificates"][m["certificate"]]["subject"]
            if subject.endswith(f"CN={cn}") or f"CN={cn}," in subject:
                return m
        return None

    # name, conf, args, exit, {cause: verdict}, {cn: (tunnel, score)},
    # shadowed [(tunnel, by)], findings [(check, status)]
    CASES = [
        ("roaming tunnel above VPN-3", ROAMING_ABOVE, ["alice.pem", "bob.pem"],
         1, {"idlist": "likely"},
         {"alice": ("L2TP", 1), "bob": ("VPN-1", 19)},
         [("VPN-3", "L2TP")], [("idlist.shadowed", "warn"),
                               ("idlist.taken-earlier", "warn")]),
        ("VPN-3 moved above the roaming tunnel", FIXED, ["alice.pem", "bob.pem"],
         0, {"idlist": "ruled-out"},
         {"alice": ("VPN-3", 19), "bob": ("VPN-1", 19)}, [], []),
        ("--from picks the tunnels", FIXED,
         ["--from", "198.51.100.7", "alice.pem", "bob.pem"], 0,
         {"idlist": "ruled-out"},
         {"alice": ("VPN-3", 19), "bob": ("L2TP", 1)}, [], []),
        ("--from outside every remote but the roaming one", ROAMING_ABOVE,
         ["--from", "203.0.113.9", "alice.pem"], 1, {"idlist": "likely"},
         {"alice": ("L2TP", 1)}, [("VPN-3", "L2TP")], []),
        ("two lists overlap: first match takes carol", OVERLAP,
         ["carol.pem", "bob.pem"], 1, {"idlist": "likely"},
         {"carol": ("Sales", 18), "bob": ("Sales", 18)}, [],
         [("idlist.taken-earlier", "warn")]),
        ("a user matching nothing, closest entry explained", STRICT_ONLY,
         ["alice.pem"], 1, {"idlist": "confirmed"}, {"alice": (None, 0)}, [],
         [("idlist.no-match", "fail")]),
        ("FQDN only in the CN matches no fqdn entry", SANS,
         ["fqdn-in-cn.pem"], 1, {"idlist": "confirmed"},
         {"vpn.example.com": (None, 0)}, [], [("idlist.no-match", "fail")]),
        ("a dNSName SAN matches", SANS, ["fqdn-san.pem"], 0,
         {"idlist": "ruled-out"}, {"gw2": ("Gateways", 19)}, [], []),
        ("e-mail only in E= matches no email entry", SANS, ["email-in-e.pem"],
         1, {"idlist": "confirmed"}, {"dave": (None, 0)}, [],
         [("idlist.no-match", "fail")]),
        ("a UPN SAN is an email identity", SANS, ["upn.pem"], 0,
         {"idlist": "ruled-out"}, {"erin": ("Mail", 19)}, [],
         [("idlist.duplicate", "info")]),
        ("an IPv6 SAN in a prefix", SANS, ["ipv6.pem"], 0,
         {"idlist": "ruled-out"}, {"site6": ("Sites", 19)}, [], []),
        ("a directory: every certificate, the bad file reported", FIXED,
         ["."], 0, {"idlist": "ruled-out"},
         {"alice": ("VPN-3", 19), "frank": ("L2TP", 1)}, [],
         [("idlist.unreadable", "skip")]),
    ]
    for name, text, args, code, verdicts, lands, shadows, checks in CASES:
        path = conf(name.split()[0] + ".conf", text)
        rc, rep, _, err = run(["--idlist", path] + args)
        if rep is None:
            verdict(name, [f"not JSON; exit {rc}; {err!r}"])
            continue
        probs = spec_problems(rep, rc, "idlist", NOT_IDLIST + ["identity"])
        probs += expect_problems(rep, rc, code, verdicts)
        for cn, (tunnel, score) in lands.items():
            m = landing(rep, cn)
            if not m or m["tunnel"] != tunnel or m["score"] != score:
                probs.append(f"{cn} lands {m}, want {tunnel} score {score}")
            if m and tunnel is None and any(
                    m[k] is not None for k in ("idlist", "line", "entry",
                                                "identity")):
                probs.append(f"{cn}: a certificate landing nowhere has nulls")
        got_sh = {(s["tunnel"], s["by"]) for s in rep["shadowed"]}
        for s in shadows:
            if s not in got_sh:
                probs.append(f"no shadowed {s}: {got_sh}")
        have = {(f["check"], f["status"]) for f in rep["findings"]}
        for chk in checks:
            if chk not in have:
                probs.append(f"no finding {chk}: {sorted(have)}")
        if "unreadable" in str(checks) and "notes.txt" not in err:
            probs.append(f"stderr does not name the bad file: {err!r}")
        verdict(name, probs)

    # the closest entry says what differs
    rc, rep, _, _ = run(["--idlist", conf("s.conf", STRICT_ONLY), "alice.pem"])
    f = [x for x in rep["findings"] if x["check"] == "idlist.no-match"]
    verdict("closest entry: the attribute that differs", [] if f and
            f[0]["evidence"].get("differs") ==
            'OU: certificate has "Engineering", entry wants "Sales"'
            else [f"{f}"])
    rc, rep, _, _ = run(["--idlist", conf("sans.conf", SANS), "fqdn-in-cn.pem"])
    f = [x for x in rep["findings"] if x["check"] == "idlist.no-match"]
    verdict("closest entry: an FQDN in the CN does not count", [] if f and
            "CN does not count" in f[0]["evidence"].get("differs", "")
            else [f"{f}"])

    # profile strongswan with --from: charon's order of connections, the
    # address scored too (the address 129, a /24 25, any 1), load order
    # where neither score is better (the lab proves the same on charon)
    by_addr = conf("by-addr.conf", "profile strongswan\n"
                   "tunnel Wide remote=any idlist=W\n"
                   "tunnel Exact remote=198.51.100.7 idlist=E\n"
                   "tunnel Net remote=198.51.100.0/24 idlist=E\n"
                   "idlist W\n  dn C=SE, O=Example Corp, OU=Engineering, "
                   "CN=*\nidlist E\n  dn C=SE, O=Example Corp, "
                   "OU=Engineering, CN=*\n")
    for frm, want in ((None, "Wide"), ("198.51.100.7", "Exact"),
                      ("198.51.100.9", "Net"), ("10.0.0.1", "Wide")):
        rc, rep, _, err = run(["--idlist", by_addr, "alice.pem"] +
                              (["--from", frm] if frm else []))
        got = rep and landing(rep, "alice")
        verdict(f"strongswan order, from {frm}: {want}",
                [] if got and got["tunnel"] == want else [f"{got} {err}"])

    # unused entries: one finding each up to ten a list, then one for the
    # list with the count and the lines as ranges
    for n, want in ((10, 10), (14, 1)):
        lines = [f"  email nobody{i}@example.com\n" for i in range(n)]
        body = "".join(lines[:n // 2] + ["  # a gap in the lines\n"] +
                       lines[n // 2:])
        rc, rep, _, err = run(["--idlist", conf(f"unused{n}.conf",
                               "tunnel T idlist=L\nidlist L\n" + body),
                               "alice.pem"])
        probs = spec_problems(rep, rc, "idlist", NOT_IDLIST) if rep else [err]
        f = [x for x in (rep or {}).get("findings", [])
             if x["check"] == "idlist.unused"]
        if len(f) != want:
            probs.append(f"{len(f)} idlist.unused findings, want {want}")
        elif want == 1:
            half = 3 + n // 2
            ev = f[0]["evidence"]
            if (ev.get("count"), ev.get("line"), ev.get("lines")) != (
                    n, 3, f"3-{half - 1}, {half + 1}-{n + 3}"):
                probs.append(f"evidence {ev}")
        verdict(f"{n} unused entries: {want} finding(s)", probs)

    # --peer-id: contained or not, and it alone chooses the tunnel
    for pid, cert, code, status in (
            ("fqdn:vpn.example.com", "fqdn-in-cn.pem", 1, "fail"),
            ("fqdn:gw2.example.com", "fqdn-san.pem", 0, "ok"),
            ("email:dave@example.com", "email-in-e.pem", 1, "fail"),
            ("email:erin@corp.example.com", "upn.pem", 0, "ok"),
            ("dn:C=SE, O=Example Corp, CN=gw2", "fqdn-san.pem", 1, "ok"),
            ("ip:2001:db8::7", "ipv6.pem", 0, "ok")):
        rc, rep, _, err = run(["--idlist", conf("sans.conf", SANS),
                               "--peer-id", pid, cert])
        probs = [] if rep else [f"not JSON: {err!r}"]
        if rep:
            probs = spec_problems(rep, rc, "idlist", NOT_IDLIST)
            ident = [x for x in rep["findings"] if x["cause"] == "identity"]
            if not ident or ident[0]["status"] != status:
                probs.append(f"identity finding {ident}")
            if rc != code:
                probs.append(f"exit {rc}, want {code}")
        verdict(f"--peer-id {pid}", probs)

    # --peer-id dn: the certificate's own subject is sent as encoded
    # (UTF8String here), so a PrintableString entry differing in case does
    # not match under profile strongswan, though the typed text would
    case_conf = conf("case.conf", "profile strongswan\ntunnel T idlist=L\n"
                     "idlist L\n  dn C=SE, O=Example Corp, OU=Engineering, "
                     "CN=ALICE\n")
    for pid in ("dn:C=SE, O=Example Corp, OU=Engineering, CN=alice",
                "dn:C=SE, O=Example Corp, OU=Engineering, CN=ALICE"):
        rc, rep, _, err = run(["--idlist", case_conf, "--peer-id", pid,
                               "alice.pem"])
        probs = spec_problems(rep, rc, "idlist", []) if rep else [err]
        m = rep and rep.get("matches") or [{}]
        if rc != 1 or m[0].get("tunnel") is not None:
            probs.append(f"exit {rc}, landed on {m[0].get('tunnel')}")
        verdict(f"--peer-id {pid}: sent as the certificate encodes it",
                probs)

    # the closest entry is explained against the identity compared (the
    # --peer-id), under the profile in force
    clav = conf("clav.conf", "profile clavister\ntunnel T idlist=L\n"
                "idlist L\n  dn C=SE, O=Example Corp, OU=Sales, CN=*\n")
    for pid, want in (
            ("dn:C=SE, O=Example Corp, OU=Engineering, CN=alice",
             'OU: certificate has "Engineering", entry wants "Sales"'),
            ("email:alice@example.com",
             "the identity compared, email:alice@example.com, is no DN")):
        rc, rep, _, err = run(["--idlist", clav, "--peer-id", pid,
                               "alice.pem"])
        f = rep and [x for x in rep["findings"]
                     if x["check"] == "idlist.no-match"]
        verdict(f"closest entry against --peer-id {pid.split(':')[0]}:",
                [] if f and f[0]["evidence"].get("differs") == want
                else [f"{f or err}"])

    # the documentation's examples do what the documentation says
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    for doc, code, want in (("README.md", 1, ("idlist.shadowed", "warn")),
                            (os.path.join("doc", "idlist.md"), 0,
                             ("idlist.match", "ok"))):
        with open(os.path.join(root, doc), encoding="utf-8") as f:
            text = f.read()
        block = re.search(r"```\n(profile .*?)```", text, re.S).group(1)
        rc, rep, _, err = run(["--idlist", conf("doc.conf", block),
                               "alice.pem"])
        have = rep and {(x["check"], x["status"]) for x in rep["findings"]}
        verdict(f"the ID-list example of {doc}: exit {code}", [] if rep and
                rc == code and want in have else [f"exit {rc}: {have or err}"])

    # a directory of links (as /etc/ssl/certs is): followed; loops, links
    # to nothing and links back up the tree are skipped, and said
    tree = scratch_dir("certcheck-links-")
    os.mkdir(os.path.join(tree, "real"))
    os.mkdir(os.path.join(tree, "links"))
    for cn in ("alice", "bob"):
        with open(os.path.join(users, f"{cn}.pem"), "rb") as src, \
                open(os.path.join(tree, "real", f"{cn}.pem"), "wb") as dst:
            dst.write(src.read())
    links = os.path.join(tree, "links")
    for name, target in (("alice.pem", "../real/alice.pem"),
                         ("1a2b3c4d.0", "../real/bob.pem"),
                         ("bob.pem", "../real/bob.pem"), ("up", ".."),
                         ("loop1", "loop2"), ("loop2", "loop1"),
                         ("dangling", "nothing")):
        os.symlink(target, os.path.join(links, name))
    rc, rep, _, err = run(["--idlist", conf("f.conf", FIXED), links])
    probs = spec_problems(rep, rc, "idlist", NOT_IDLIST) if rep else [err]
    if rep:
        skips = sorted(os.path.basename(f["evidence"]["file"])
                       for f in rep["findings"] if f["status"] == "skip")
        if len(rep["matches"]) != 2:
            probs.append(f"{len(rep['matches'])} certificates read, want 2")
        if skips != ["dangling", "links", "loop1", "loop2"]:
            probs.append(f"skipped {skips}")
        if "symbolic link loop" not in err:
            probs.append(f"stderr {err!r}")
        # alice and bob again through up/real, bob through its hash link
        once = [f["evidence"].get("files") for f in rep["findings"]
                if f["check"] == "idlist.read-once"]
        if once != [3]:
            probs.append(f"read-once {once}, want [3]")
    verdict("a directory of symbolic links", probs)

    # a name with a NUL byte is no candidate, printed in full, and no
    # --peer-id of its prefix is contained in it
    nul_conf = conf("nul.conf", "profile strongswan\ntunnel T idlist=L\n"
                    "idlist L\n  fqdn www.example.com\n")
    nul_cert = os.path.abspath(os.path.join(pki, "nul-dns", "alice.pem"))
    rc, rep, _, err = run(["--idlist", nul_conf, nul_cert])
    probs = spec_problems(rep, rc, "idlist", NOT_IDLIST) if rep else [err]
    facts = rep and [f for f in rep["findings"]
                     if f["check"] == "idlist.embedded-nul"]
    if rc != 1 or not facts or facts[0]["status"] != "info" or \
            facts[0]["evidence"].get("identity") != \
            "fqdn:www.example.com\\x00.evil.com":
        probs.append(f"exit {rc}, {facts}")
    verdict("a dNSName with a NUL byte matches nothing", probs)
    rc, rep, _, err = run(["--idlist", nul_conf, "--peer-id",
                           "fqdn:www.example.com", nul_cert])
    ident = rep and [f for f in rep["findings"] if f["cause"] == "identity"]
    verdict("--peer-id of the prefix before a NUL is not contained",
            [] if rep and rc == 1 and ident and ident[0]["status"] == "fail"
            else [f"exit {rc}, {ident}"])

    # bad input: FILE:LINE on stderr, exit 2
    for name, text, want in (
            ("unknown keyword", "tunnel A\nbogus x\n", ":2: unknown keyword"),
            ("idlist= names no list", "tunnel A idlist=Nope\n",
             ":1: idlist=Nope names no list"),
            ("bad DN", "tunnel A idlist=L\nidlist L\n  dn C=SE, QQ=x\n",
             ":3: unknown attribute keyword 'QQ'"),
            ("bad address", "tunnel A remote=10.0.0.300\n", ":1: remote:")):
        path = conf("bad.conf", text)
        rc, _, out, err = run(["--idlist", path, "alice.pem"], json_out=False)
        verdict(f"exit 2: {name}", [] if rc == 2 and not out and
                err.startswith(f"certcheck idlist: {path}{want}") and
                len(err.splitlines()) == 1 else [f"exit {rc}, {err!r}"])
    # --swanctl: every connection whose peer uses a certificate is a
    # tunnel in load order, its remote.id the one entry; strongSwan's rules
    sw = conf("swanctl.conf",
              "connections {\n"
              "  eng { remote_addrs = 192.0.2.7\n"
              "    remote { auth = pubkey\n"
              "      id = \"C=SE, O=Example Corp, OU=Engineering, CN=*\" } }\n"
              "  psk { remote { auth = psk } }\n"
              "  sales { remote { auth = pubkey\n"
              "      id = \"C=SE, O=Example Corp, OU=Sales, CN=*\" } }\n"
              "}\n")
    rc, rep, _, err = run(["--swanctl", sw, "alice.pem", "bob.pem",
                           "nomatch.pem"])
    lands = rep and {n: (landing(rep, n) or {}).get("tunnel")
                     for n in ("alice", "bob")}
    verdict("--swanctl: connections as tunnels, remote.id as entries",
            [] if rep and rc == 1 and lands == {"alice": "eng", "bob": "sales"}
            and rep["gateway"]["profile"] == "strongswan" and
            rep["gateway"]["from"] == "config" else
            [f"exit {rc}: {lands} {rep and rep['gateway']} {err!r}"])
    rc, rep, _, err = run(["--swanctl", sw, "--from", "198.51.100.1",
                           "alice.pem"])
    verdict("--swanctl: a connection's one remote address is its remote",
            [] if rep and rc == 1 and not (landing(rep, "alice") or {}).get(
                "tunnel") else [f"exit {rc}: {rep and rep['matches']}"])

    rc, _, out, err = run(["--idlist", conf("f.conf", FIXED), "notes.txt"],
                          json_out=False)
    verdict("exit 2: a file that is no certificate", [] if rc == 2 and
            "notes.txt" in err else [f"exit {rc}, {err!r}"])
    empty = scratch_dir("certcheck-empty-")
    with open(os.path.join(empty, "x.txt"), "w") as f:
        f.write("nothing\n")
    rc, _, out, err = run(["--idlist", conf("f.conf", FIXED), empty],
                          json_out=False)
    verdict("exit 2: no certificate at all", [] if rc == 2 and
            "no certificate could be read" in err else [f"exit {rc}, {err!r}"])
    for opt in (["--at", "2026-01-01T00:00:00Z"], ["--warn-days", "3"],
                ["--peer-skew", "-2h"]):
        rc, _, out, err = run(["--idlist", conf("f.conf", FIXED)] + opt +
                              ["alice.pem"], json_out=False)
        verdict(f"exit 2: {opt[0]}, which idlist does not use",
                [] if rc == 2 and not out and
                f"option '{opt[0]}' does not apply" in err
                else [f"exit {rc}, {err!r}"])
    rc, _, out, err = run(["--idlist", conf("f.conf", FIXED), "--peer-id",
                           "uri:x", "alice.pem"], json_out=False)
    verdict("exit 2: bad --peer-id", [] if rc == 2 and "--peer-id" in err
            else [f"exit {rc}, {err!r}"])

    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
