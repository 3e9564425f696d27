#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of `certcheck probe` against a scripted IKEv2
responder on 127.0.0.1 (the real charon of tests/lab answers in the lab):
its answers built here by RFC 7296's layout, one per fault: silence, a
closed port (ICMP port unreachable), COOKIE, INVALID_KE_PAYLOAD,
NO_PROPOSAL_CHOSEN (and the classic groups' second try), a truncated or
malformed message, an answer for another SPI, a message of 64 KiB, error
notifies; CERTREQs that name the client's CA, another CA, a CA of the same
name with another key, or none.

usage: test_probe.py CERTCHECK TESTPKI

Ends with 'N passed, N failed'.
"""
import hashlib
import json
import os
import shlex
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from spec import spec_problems  # noqa: E402
from tally import Tally  # noqa: E402

WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
# valgrind's pace: its start-up counts against the silence bound
SCALE = float(os.environ.get("CERTCHECK_TIMEOUT_SCALE", "1"))
SA, KE, CERTREQ, NONCE, N, V = 33, 34, 38, 40, 41, 43
STRONGSWAN_VID = bytes.fromhex("882fe56d6fd20dbc2251613b2ebe5beb")


def payloads(msg):
    """[(type, body)] of an IKE message (bounded by its length)."""
    out, nxt, off = [], msg[16], 28
    while nxt and off + 4 <= len(msg) and len(out) < 64:
        plen = struct.unpack("!H", msg[off + 2:off + 4])[0]
        if plen < 4:
            break
        out.append((nxt, msg[off + 4:off + plen]))
        nxt, off = msg[off], off + plen
    return out


def message(spi_i, items, spi_r=b"R" * 8, flags=0x20):
    """An IKE_SA_INIT answer of the payloads items [(type, body)]."""
    body = b""
    for k, (t, data) in enumerate(items):
        nxt = items[k + 1][0] if k + 1 < len(items) else 0
        body += struct.pack("!BBH", nxt, 0, 4 + len(data)) + data
    first = items[0][0] if items else 0
    return spi_i + spi_r + struct.pack("!BBBBII", first, 0x20, 34, flags, 0,
                                       28 + len(body)) + body


def notify(t, data=b""):
    return (N, struct.pack("!BBH", 0, 0, t) + data)


def sa():
    """AES_CBC-128, PRF_HMAC_SHA2_256, HMAC_SHA2_256_128, ECP_256."""
    xf = [(1, 12, 128), (2, 5, 0), (3, 12, 0), (4, 19, 0)]
    t = b""
    for k, (typ, tid, kl) in enumerate(xf):
        attr = struct.pack("!HH", 0x800e, kl) if kl else b""
        t += struct.pack("!BBHBBH", 0 if k == len(xf) - 1 else 3, 0,
                         8 + len(attr), typ, 0, tid) + attr
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(t), 1, 1, 0, len(xf)) + t
    return (SA, prop)


def good(spi, certreq_hashes):
    items = [sa(), (KE, struct.pack("!HH", 19, 0) + b"\x01" * 64),
             (NONCE, b"\x02" * 32)]
    if certreq_hashes is not None:
        items.append((CERTREQ, b"\x04" + b"".join(certreq_hashes)))
    items += [notify(16430), notify(16431, bytes.fromhex("0002000300040005")),
              (V, STRONGSWAN_VID)]
    return message(spi, items)


class Responder:
    """UDP on 127.0.0.1:0; behave(request, n) returns the answer's bytes
    (or None: silence) for the n-th request.  Every request is kept."""

    def __init__(self, behave, nat_t=False, host="127.0.0.1"):
        self.behave, self.nat_t = behave, nat_t
        self.sock = socket.socket(
            socket.AF_INET6 if ":" in host else socket.AF_INET,
            socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.requests = []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        deadline = time.monotonic() + 60  # bounded: one test's life
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                data, peer = self.sock.recvfrom(70000)
            except socket.timeout:
                continue
            if self.nat_t:
                if data[:4] != b"\0\0\0\0":
                    continue
                data = data[4:]
            self.requests.append(data)
            out = self.behave(data, len(self.requests))
            if out is not None:
                self.sock.sendto((b"\0\0\0\0" if self.nat_t else b"") +
                                 out, peer)

    def close(self):
        self._stop.set()
        self._t.join(5)
        self.sock.close()


def spki_sha1(path):
    der = subprocess.run(["openssl", "x509", "-in", path, "-pubkey",
                          "-noout"], capture_output=True, check=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"],
                         input=der, capture_output=True, check=True).stdout
    return hashlib.sha1(der).digest()


def main():
    binary, pki = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    tally = Tally()
    h = f"{pki}/healthy"
    s = f"{pki}/same-name-key"
    root, issuing = spki_sha1(f"{h}/root.pem"), spki_sha1(f"{h}/issuing.pem")
    new_root = spki_sha1(f"{s}/new-root.pem")
    peer = ["--peer", f"{h}/alice.pem", "--untrusted", f"{h}/issuing.pem",
            "--ca", f"{h}/root.pem"]

    def probe(behave, args=(), timeout=2, nat_t=False, port=None):
        r = Responder(behave, nat_t)
        cmd = WRAPPER + [binary, "probe",
                         f"127.0.0.1:{port or r.port}", "--timeout",
                         str(timeout), "--format", "json"] + list(args)
        start = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        took = time.monotonic() - start
        r.close()
        try:
            rep = json.loads(p.stdout)
        except ValueError:
            rep = None
        return p.returncode, rep, p.stderr, r.requests, took

    def case(name, behave, want_root, want=(), args=(), check=None, **kw):
        rc, rep, err, reqs, took = probe(behave, args, **kw)
        if rep is None:
            return tally.verdict(f"probe: {name}", [f"exit {rc}: {err}"])
        probs = spec_problems(rep, rc, "probe", [])
        if rep["root_cause"] != want_root:
            probs.append(f"root cause {rep['root_cause']}, want {want_root}")
        have = {(f["check"], f["status"]) for f in rep["findings"]}
        probs += [f"no {w}: {sorted(have)}" for w in want if w not in have]
        if check:
            probs += check(rep, reqs, took)
        tally.verdict(f"probe: {name}", probs)

    ok = lambda spi: good(spi, [root])  # noqa: E731
    case("the gateway asks for the client's root: ok",
         lambda q, n: good(q[:8], [root]), None,
         [("probe.certreq", "ok")], peer,
         lambda rep, reqs, t: [] if rep["probe"]["certreq"][0]["matches"]
         == "C=SE, O=Example Corp, CN=Example Root CA" and
         rep["probe"]["vendor_ids"] == ["strongSwan"] and
         rep["probe"]["proposal"]["dh_group"] == "ECP_256" and
         rep["probe"]["signature_hashes"] == ["SHA2_256", "SHA2_384",
                                              "SHA2_512", "IDENTITY"]
         else [json.dumps(rep["probe"])[:400]])
    case("a trusted intermediate asked for: ok",
         lambda q, n: good(q[:8], [b"\x11" * 20, issuing]), None,
         [("probe.certreq", "ok")], peer)
    case("another CA asked for: ca-mismatch",
         lambda q, n: good(q[:8], [b"\x22" * 20]), "ca-mismatch",
         [("probe.certreq", "fail")], peer)
    case("the same name with another key: named as such",
         lambda q, n: good(q[:8], [new_root]), "ca-mismatch",
         [("probe.same-name", "fail")],
         peer + ["--ca", f"{s}/new-root.pem"])
    case("no certificate request: likely ca-mismatch",
         lambda q, n: good(q[:8], None), "ca-mismatch",
         [("probe.certreq", "warn")], peer)
    case("without --peer: what it asks for, no verdict",
         lambda q, n: good(q[:8], [root]), None, [("probe.certreq", "info")])

    def cookie(q, n):
        if n == 1:
            return message(q[:8], [notify(16390, b"C" * 24)],
                           spi_r=b"\0" * 8)
        first = payloads(q)[0]
        return good(q[:8], [root]) if first[0] == N and \
            first[1][2:4] == struct.pack("!H", 16390) and \
            first[1][4:] == b"C" * 24 else None
    case("COOKIE: sent back first, once", cookie, None,
         [("probe.certreq", "ok")], peer,
         lambda rep, reqs, t: [] if len(reqs) == 2 and
         rep["probe"]["requests"] == 2 else [f"{len(reqs)} requests"])

    case("a COOKIE, then silence: no answer, said as such",
         lambda q, n: message(q[:8], [notify(16390, b"C" * 24)],
                              spi_r=b"\0" * 8) if n == 1 else None,
         None, [("probe.answer", "skip")], peer,
         lambda rep, reqs, t: [] if any(
             "COOKIE" in f["message"] for f in rep["findings"]) and
         len(reqs) <= 6 else [f"{len(reqs)} requests: " + str(
             [f["message"] for f in rep["findings"]])], timeout=1)

    def invalid_ke(q, n):
        ke = [b for t, b in payloads(q) if t == KE][0]
        if n == 1:
            return message(q[:8], [notify(17, struct.pack("!H", 19))],
                           spi_r=b"\0" * 8)
        return good(q[:8], [root]) if struct.unpack("!H", ke[:2])[0] == 19 \
            and len(ke) == 4 + 64 else None
    case("INVALID_KE_PAYLOAD: the group asked, once", invalid_ke, None,
         [("probe.certreq", "ok")], peer,
         lambda rep, reqs, t: [] if len(reqs) == 2 else [f"{len(reqs)}"])

    def no_proposal(q, n):
        return message(q[:8], [notify(14)], spi_r=b"\0" * 8)

    def classic_offered(rep, reqs, t):
        groups = set()
        for typ, body in payloads(reqs[-1]):
            if typ == SA:
                for i in range(0, len(body) - 8):
                    if body[i] == 4 and body[i + 1] == 0:
                        groups.add(struct.unpack("!H", body[i + 2:i + 4])[0])
        return [] if len(reqs) == 2 and {2, 5} <= groups else \
            [f"{len(reqs)} requests, groups {sorted(groups)}"]
    case("NO_PROPOSAL_CHOSEN: a second try with groups 2 and 5",
         no_proposal, None, [("probe.notify", "info")], peer,
         classic_offered)
    case("silence: retransmitted three times, within 1.1x the timeout",
         lambda q, n: None, None, [("probe.answer", "skip")], peer,
         lambda rep, reqs, t: [] if len(reqs) == 4 and
         t < 1.1 * 2 + 0.5 * SCALE
         else [f"{len(reqs)} requests in {t:.2f} s"], timeout=2)
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    case("a closed port: ICMP port unreachable", lambda q, n: None, None,
         [("probe.answer", "skip")], peer,
         lambda rep, reqs, t: [] if any("port unreachable" in f["message"]
                                        for f in rep["findings"])
         else ["not said"], port=port)
    for label, fault in (
            ("a truncated answer", lambda q: good(q[:8], [root])[:60]),
            ("a payload length past the end",
             lambda q: good(q[:8], [root])[:30] + b"\xff\xff" +
             good(q[:8], [root])[32:]),
            ("an answer for another SPI", lambda q: good(b"X" * 8, [root])),
            ("bytes that are no IKE", lambda q: b"hello")):
        case(label, lambda q, n, f=fault: f(q), None,
             [("probe.answer", "skip")], peer, timeout=1)
    case("a message of 64 KiB: read whole",
         lambda q, n: message(q[:8], [sa(), (V, b"\0" * 65000)]),
         "ca-mismatch", [("probe.answer", "info")], peer,
         lambda rep, reqs, t: [] if rep["probe"]["received"] == ["SA", "V"]
         else [str(rep["probe"]["received"])])
    for code, name in ((24, "AUTHENTICATION_FAILED"),
                       (43, "TEMPORARY_FAILURE"), (7, "INVALID_SYNTAX")):
        case(f"the error notify {name}",
             lambda q, n, c=code: message(q[:8], [notify(c)]), None,
             [("probe.notify", "info")], peer,
             lambda rep, reqs, t, nm=name: [] if nm in
             rep["probe"]["notify"] else [str(rep["probe"]["notify"])])
    case("--nat-t: the non-ESP marker both ways",
         lambda q, n: good(q[:8], [root]), None, [("probe.certreq", "ok")],
         peer + ["--nat-t"], nat_t=True)
    # diagnose --probe: the probe's evidence beside the certificate checks
    for label, hashes, want_root, want in (
            ("the gateway asks for the peer's root", [root], None,
             ("probe.certreq", "ok")),
            ("the gateway asks for another CA", [b"\x33" * 20],
             "ca-mismatch", ("probe.certreq", "fail"))):
        r = Responder(lambda q, n, hs=hashes: good(q[:8], hs))
        p = subprocess.run(
            WRAPPER + [binary, "diagnose", "--local", f"{h}/gw.pem",
                       "--peer", f"{h}/alice.pem", "--ca", f"{h}/root.pem",
                       "--untrusted", f"{h}/issuing.pem", "--no-network",
                       "--at", "2026-06-01T12:00:00Z", "--probe",
                       f"127.0.0.1:{r.port}", "--timeout", "2",
                       "--format", "json"],
            capture_output=True, text=True, timeout=60)
        r.close()
        try:
            rep = json.loads(p.stdout)
        except ValueError:
            tally.verdict(f"diagnose --probe: {label}",
                          [f"exit {p.returncode}: {p.stderr}"])
            continue
        probs = spec_problems(rep, p.returncode, "diagnose", [])
        have = {(f["check"], f["status"]) for f in rep["findings"]}
        if want not in have:
            probs.append(f"no {want}: {sorted(have)}")
        if rep["root_cause"] != want_root or "probe" not in rep:
            probs.append(f"root cause {rep['root_cause']}")
        tally.verdict(f"diagnose --probe: {label}", probs)
    # IPv6: ::1, the address as [::1]:PORT, NAT detection over 16 bytes
    try:
        r = Responder(lambda q, n: good(q[:8], [root]), host="::1")
    except OSError:
        r = None
        print("SKIP probe: IPv6 (no ::1 here)")
    if r:
        p = subprocess.run(WRAPPER + [binary, "probe", f"[::1]:{r.port}",
                                      "--timeout", "2", "--format", "json"]
                           + peer, capture_output=True, text=True,
                           timeout=60)
        r.close()
        rep = json.loads(p.stdout) if p.stdout else {}
        tally.verdict("probe: IPv6 ([::1]:PORT)",
                      [] if rep.get("probe", {}).get("gateway") == "::1" and
                      any(f["check"] == "probe.certreq" and
                          f["status"] == "ok" for f in rep["findings"])
                      else [p.stdout[:300] + p.stderr])
    r = Responder(lambda q, n: good(q[:8], [root]))
    p = subprocess.run(WRAPPER + [binary, "probe", f"127.0.0.1:{r.port}",
                                  "--source", "127.0.0.2", "--timeout", "2",
                                  "--format", "json"],
                       capture_output=True, text=True, timeout=60)
    r.close()
    rep = json.loads(p.stdout) if p.stdout else {}
    tally.verdict("probe: --source is the address it sends from",
                  [] if rep.get("probe", {}).get("source") == "127.0.0.2"
                  else [p.stdout[:300] + p.stderr])
    rc, _, err, _, _ = probe(lambda q, n: None, ["--peer", "nosuch.pem"])
    tally.verdict("probe: a missing --peer file is exit 2",
                  [] if rc == 2 and "nosuch.pem" in err else [f"{rc} {err}"])
    p = subprocess.run([binary, "probe", "127.0.0.1:99999"],
                       capture_output=True, text=True)
    tally.verdict("probe: a bad port is exit 2",
                  [] if p.returncode == 2 else [p.stderr])
    p = subprocess.run([binary, "probe", "--help"], capture_output=True,
                       text=True)
    tally.verdict("probe: --help says intrusion detection may log it",
                  [] if "ntrusion" in p.stdout else [p.stdout[:200]])
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
