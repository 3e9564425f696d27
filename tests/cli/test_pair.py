#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of `certcheck pair` on the generated test PKI.

usage: test_pair.py CERTCHECK TESTPKI_DIR
       (CERTCHECK_WRAPPER="valgrind ..." runs every command under it)

Every scenario runs the built binary with --at 2026-06-01T12:00:00Z (the
dates mkpki gives the certificates), parses its JSON with Python's json
module, checks the report against doc/report.md's fixed rules, then asserts the
exit code, the root cause, the verdicts and the check ids the scenario is
about.  Ends with the line 'N passed, N failed'.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from scratch import scratch_dir  # noqa: E402
from tally import Tally  # noqa: E402
from spec import expect_problems, spec_problems  # noqa: E402

# e.g. "valgrind --error-exitcode=99 ...": every run goes through it
WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))

AT = "2026-06-01T12:00:00Z"
NOT_PAIR = ["crl-unreachable", "idlist", "revoked", "identity"]

BASE = ["--local", "gw.pem", "--ca", "root.pem", "--untrusted", "issuing.pem"]
PEER = ["--peer", "alice.pem"]

# name, folder, arguments, exit, root cause, {cause: verdict}, [(check, status)]
SCENARIOS = [
    ("healthy pair", "healthy", BASE + PEER, 0, None,
     {"ca-mismatch": "ruled-out", "validity": "ruled-out",
      "wrong-certificate": "ruled-out", "key": "ruled-out"},
     [("pair.chain.trusted", "ok"), ("pair.chain.anchors", "info")]),
    ("PKCS#12 with its key", "healthy",
     BASE + ["--peer", "alice.p12", "--password-file", "password.txt"], 0,
     None, {"wrong-certificate": "ruled-out"}, [("pair.usage.ok", "ok")]),
    ("PKCS#12 with the empty password", "healthy",
     BASE + ["--peer", "alice-nopass.p12"], 0, None, {}, []),
    ("DER input", "healthy", BASE + ["--peer", "alice.der"], 0, None, {}, []),
    ("PEM with text around it", "healthy", BASE + ["--peer", "alice-text.pem"],
     0, None, {}, []),
    ("PKCS#7 PEM bundle carries the intermediate", "healthy",
     ["--local", "gw.pem", "--ca", "root.pem", "--peer", "alice-chain.p7b"],
     0, None, {}, []),
    ("PKCS#7 DER bundle carries the intermediate", "healthy",
     ["--local", "gw.pem", "--ca", "root.pem", "--peer", "alice-chain.p7c"],
     0, None, {}, []),
    ("PEM chain carries the intermediate", "healthy",
     ["--local", "gw.pem", "--ca", "root.pem", "--peer", "alice-chain.pem"],
     0, None, {"ca-mismatch": "ruled-out"}, [("pair.chain.trusted", "ok")]),
    ("DER without the intermediate", "healthy",
     ["--local", "gw.pem", "--ca", "root.pem", "--peer", "alice.der"],
     1, "ca-mismatch", {"ca-mismatch": "likely"},
     [("pair.chain.issuer-missing", "warn")]),
    ("RSA-2048 pair", "rsa", BASE + PEER, 0, None, {"key": "ruled-out"}, []),
    ("IKE EKU accepted", "ipsec-eku", BASE + PEER, 0, None,
     {"wrong-certificate": "ruled-out"}, []),
    ("different roots", "different-roots",
     BASE + PEER + ["--peer-ca", "root.pem", "--peer-ca", "other-root.pem"], 1,
     "ca-mismatch", {"ca-mismatch": "confirmed"},
     [("pair.chain.untrusted-root", "fail")]),
    ("same name, different key", "same-name-key", BASE + PEER, 1,
     "ca-mismatch", {"ca-mismatch": "confirmed"},
     [("pair.chain.same-name-different-key", "fail")]),
    ("re-created root among the inputs", "same-name-key",
     BASE + PEER + ["--peer-ca", "new-root.pem"], 1, "ca-mismatch",
     {"ca-mismatch": "confirmed"},
     [("pair.chain.same-name-different-key", "fail")]),
    ("missing intermediate", "missing-intermediate",
     ["--local", "gw.pem", "--ca", "root.pem", "--peer", "alice.pem"], 1,
     "ca-mismatch", {"ca-mismatch": "likely"},
     [("pair.chain.issuer-missing", "warn", "ca_issuers_url",
       "http://pki.example.com/issuing.crt")]),
    # path validation as a gateway does it (every candidate path)
    ("a re-keyed CA of the same name: the path through the new key",
     "rekeyed", BASE + PEER + ["--untrusted", "both-issuing.pem"], 0, None,
     {"ca-mismatch": "ruled-out"}, [("pair.chain.trusted", "ok")]),
    ("a cross-signed CA: the path to the trusted root", "cross-signed",
     BASE + PEER + ["--untrusted", "pool.pem"], 0, None,
     {"ca-mismatch": "ruled-out"}, [("pair.chain.trusted", "ok")]),
    ("a cross-signed CA under an untrusted root only", "cross-signed",
     BASE + PEER + ["--untrusted", "pool-other-only.pem"], 1, "ca-mismatch",
     {"ca-mismatch": "confirmed"}, [("pair.chain.untrusted-root", "fail")]),
    ("every candidate path fails: the best reported, the others listed",
     "rekeyed", ["--local", "gw.pem", "--ca", "issuing.pem", "--untrusted",
                 "both-issuing.pem", "--peer", "alice.pem"], 1,
     "ca-mismatch", {"ca-mismatch": "confirmed"},
     [("pair.chain.issuer-missing", "warn", "other_paths", None),
      ("pair.chain.root-missing", "fail")]),
    ("a trusted intermediate without its root", "healthy",
     ["--local", "gw.pem", "--ca", "issuing.pem", "--peer", "alice.pem"], 1,
     "ca-mismatch", {"ca-mismatch": "confirmed"},
     [("pair.chain.root-missing", "fail", "root",
       "C=SE, O=Example Corp, CN=Example Root CA")]),
    ("the gateway's certificate expired, no peer clock given", "gw-expired",
     ["--local", "gw-expired.pem", "--ca", "root.pem", "--untrusted",
      "issuing.pem"] + PEER, 1, "validity", {"validity": "confirmed"},
     [("validity.expired", "fail", "clock", "peer")]),
    ("a CA requires an explicit policy, the peer has none", "policy",
     BASE + ["--untrusted", "policy-ca.pem", "--peer", "alice-none.pem"], 1,
     "ca-mismatch", {"ca-mismatch": "confirmed"},
     [("pair.chain.policy", "fail")]),
    ("a CA requires an explicit policy, the peer has one", "policy",
     BASE + ["--untrusted", "policy-ca.pem", "--peer", "alice-policy.pem"],
     0, None, {"ca-mismatch": "ruled-out"}, []),
    ("--policy names the peer's policy", "policy",
     BASE + ["--untrusted", "policy-ca.pem", "--peer", "alice-policy.pem",
             "--policy", "1.3.6.1.4.1.55555.1.1"],
     0, None, {"ca-mismatch": "ruled-out"}, []),
    ("--policy names another policy", "policy",
     BASE + ["--untrusted", "policy-ca.pem", "--peer", "alice-policy.pem",
             "--policy", "1.3.6.1.4.1.55555.1.2"],
     1, "ca-mismatch", {"ca-mismatch": "confirmed"},
     [("pair.chain.policy", "fail")]),
    ("a dNSName with a NUL byte inside", "nul-dns", BASE + PEER, 1,
     "wrong-certificate", {"wrong-certificate": "confirmed"},
     [("pair.usage.embedded-nul", "fail", "name",
       "dNSName www.example.com\\x00.evil.com")]),
    ("a CN with a NUL byte inside", "nul-cn", BASE + PEER, 1,
     "wrong-certificate", {"wrong-certificate": "confirmed"},
     [("pair.usage.embedded-nul", "fail", "name", "CN alice\\x00.evil")]),
    ("the peer presents the gateway's own certificate", "healthy",
     BASE + ["--peer", "gw.pem"], 1, "wrong-certificate",
     {"wrong-certificate": "confirmed"},
     [("pair.usage.own-certificate", "fail", "same_certificate", True)]),
    ("a keyUsage that does not decode", "malformed-ku", BASE + PEER, 1,
     "wrong-certificate",
     {"wrong-certificate": "confirmed", "ca-mismatch": "ruled-out"},
     [("pair.usage.malformed-extension", "fail", "extension", "keyUsage")]),
    ("bad signature", "bad-signature", BASE + PEER, 1, "ca-mismatch",
     {"ca-mismatch": "confirmed"}, [("pair.chain.bad-signature", "fail")]),
    ("CA without basicConstraints", "ca-not-ca",
     BASE + PEER + ["--untrusted", "rogue.pem"], 1, "ca-mismatch",
     {"ca-mismatch": "confirmed"}, [("pair.chain.not-a-ca", "fail")]),
    ("CA without keyCertSign", "ca-no-certsign",
     BASE + PEER + ["--untrusted", "sub.pem"], 1, "ca-mismatch",
     {"ca-mismatch": "confirmed"}, [("pair.chain.no-keycertsign", "fail")]),
    ("path length exceeded", "path-length",
     BASE + PEER + ["--untrusted", "leaf-only.pem", "--untrusted", "deep.pem"],
     1, "ca-mismatch", {"ca-mismatch": "confirmed"},
     [("pair.chain.path-length", "fail")]),
    ("expired peer", "expired", BASE + PEER, 1, "validity",
     {"validity": "confirmed", "ca-mismatch": "ruled-out"},
     [("validity.expired", "fail")]),
    ("not yet valid peer", "not-yet-valid", BASE + PEER, 1, "validity",
     {"validity": "confirmed"}, [("validity.not-yet-valid", "fail")]),
    ("expiring soon is only info", "expiring", BASE + PEER, 0, None,
     {"validity": "ruled-out"}, [("validity.expiring", "info")]),
    ("expiring beyond --warn-days", "expiring",
     BASE + PEER + ["--warn-days", "5"], 0, None, {"validity": "ruled-out"},
     []),
    ("peer clock behind: gateway's certificate not yet valid for the peer",
     "peer-skew", BASE + PEER + ["--peer-skew", "-2h"], 1, "validity",
     {"validity": "confirmed"}, [("validity.not-yet-valid", "fail")]),
    ("same via --peer-time", "peer-skew",
     BASE + PEER + ["--peer-time", "2026-06-01T10:00:00Z"], 1, "validity",
     {"validity": "confirmed"}, []),
    ("no peer skew: fine", "peer-skew", BASE + PEER, 0, None,
     {"validity": "ruled-out"}, []),
    ("expired CA: validity, not ca-mismatch", "expired-ca",
     BASE + PEER + ["--untrusted", "old-issuing.pem"], 1, "validity",
     {"validity": "confirmed", "ca-mismatch": "ruled-out"},
     [("validity.expired", "fail")]),
    ("CA certificate as the peer's", "ca-as-peer",
     BASE + ["--peer", "issuing.pem"], 1, "wrong-certificate",
     {"wrong-certificate": "confirmed"}, [("pair.usage.ca-certificate", "fail")]),
    ("no digitalSignature", "no-digitalsig", BASE + PEER, 1,
     "wrong-certificate", {"wrong-certificate": "confirmed"},
     [("pair.usage.key-usage", "fail", "key_usage", "keyEncipherment")]),
    ("wrong EKU", "wrong-eku", BASE + PEER, 1, "wrong-certificate",
     {"wrong-certificate": "likely"}, [("pair.usage.eku", "warn")]),
    ("PKCS#12 with a foreign key", "p12-foreign-key",
     BASE + ["--peer", "alice.p12"], 1, "wrong-certificate",
     {"wrong-certificate": "confirmed"}, [("pair.usage.key-mismatch", "fail")]),
    ("PKCS#12 without a key", "p12-no-key", BASE + ["--peer", "alice.p12"], 1,
     "wrong-certificate", {"wrong-certificate": "confirmed"},
     [("pair.usage.no-private-key", "fail")]),
    ("RSA-1024", "rsa1024", BASE + PEER, 1, "key", {"key": "likely"},
     [("pair.key.weak-key", "warn")]),
    ("RSA-512", "rsa512", BASE + PEER, 1, "key", {"key": "confirmed"},
     [("pair.key.weak-key", "fail")]),
    ("secp256k1", "odd-curve", BASE + PEER, 1, "key", {"key": "likely"},
     [("pair.key.weak-key", "warn")]),
    ("Ed25519", "ed25519", BASE + PEER, 1, "key", {"key": "likely"},
     [("pair.key.weak-key", "warn")]),
    ("SHA-1", "sha1", BASE + PEER, 1, "key", {"key": "likely"},
     [("pair.key.weak-signature", "warn")]),
    ("MD5", "md5", BASE + PEER + ["--untrusted", "legacy.pem"], 1, "key",
     {"key": "confirmed"}, [("pair.key.weak-signature", "fail")]),
    # the gateway profile (doc/gateway-profiles.md): what strongSwan accepts
    # is info naming who refuses it; the rest as before
    ("strongSwan: the peer's EKU is info", "wrong-eku",
     BASE + PEER + ["--gateway", "strongswan"], 0, None,
     {"wrong-certificate": "ruled-out"},
     [("pair.usage.eku", "info"), ("pair.usage.ok", "ok")]),
    ("Windows: the peer's EKU warns", "wrong-eku",
     BASE + PEER + ["--gateway", "windows"], 1, "wrong-certificate",
     {"wrong-certificate": "likely"}, [("pair.usage.eku", "warn")]),
    ("strongSwan: RSA-1024 is info", "rsa1024",
     BASE + PEER + ["--gateway", "strongswan"], 0, None, {"key": "ruled-out"},
     [("pair.key.weak-key", "info")]),
    ("strongSwan: RSA-512 still fails", "rsa512",
     BASE + PEER + ["--gateway", "strongswan"], 1, "key",
     {"key": "confirmed"}, [("pair.key.weak-key", "fail")]),
    ("strongSwan: SHA-1 is info", "sha1",
     BASE + PEER + ["--gateway", "strongswan"], 0, None, {"key": "ruled-out"},
     [("pair.key.weak-signature", "info")]),
    ("strongSwan: a CA as the peer is info, its key usage still fails",
     "ca-as-peer", BASE + ["--peer", "issuing.pem", "--gateway", "strongswan"],
     1, "wrong-certificate", {"wrong-certificate": "confirmed"},
     [("pair.usage.ca-certificate", "info"), ("pair.usage.key-usage", "fail")]),
    ("two causes: confirmed validity before likely ca-mismatch",
     "expired", ["--local", "gw.pem", "--ca", "root.pem", "--peer",
                 "alice.pem"], 1, "validity",
     {"validity": "confirmed", "ca-mismatch": "likely"}, []),
    ("the demo", "demo",
     BASE + ["--peer", "alice.p12", "--password-file", "password.txt",
             "--peer-skew", "-5m"], 1, "ca-mismatch",
     {"ca-mismatch": "confirmed"},
     [("pair.chain.same-name-different-key", "fail")]),
]

# name, folder, arguments, a part of the stderr line
BAD = [
    ("missing file", "healthy", BASE + ["--peer", "nope.pem"], "'nope.pem'"),
    ("empty file", "bad-input",
     ["--local", "../healthy/gw.pem", "--ca", "../healthy/root.pem",
      "--peer", "empty.pem"], "'empty.pem': empty file"),
    ("junk", "bad-input",
     ["--local", "../healthy/gw.pem", "--ca", "junk.der", "--peer",
      "../healthy/alice.pem"], "'junk.der': not a PEM"),
    ("broken PEM", "bad-input",
     ["--local", "broken.pem", "--ca", "../healthy/root.pem", "--peer",
      "../healthy/alice.pem"], "'broken.pem'"),
    ("key only", "bad-input",
     ["--local", "key-only.pem", "--ca", "../healthy/root.pem", "--peer",
      "../healthy/alice.pem"], "'key-only.pem'"),
    ("no password", "healthy", BASE + ["--peer", "alice.p12"],
     "'alice.p12': the PKCS#12 file is protected by a password"),
    ("wrong password", "healthy",
     BASE + ["--peer", "alice.p12", "--password-file", "wrong-password.txt"],
     "'alice.p12': wrong PKCS#12 password"),
    ("bad --at", "healthy", BASE + PEER + ["--at", "tomorrow"], "'--at'"),
    # a prefix is not the option: "--password" is not --password-file, and
    # the value (a password, here) is not repeated
    ("abbreviated option", "healthy",
     BASE + ["--peer", "alice.p12", "--password", "correct horse"],
     "option '--password' is not spelled in full: write '--password-file'"),
    ("abbreviated option with =", "healthy",
     BASE + ["--peer", "alice.p12", "--passw=correct horse"],
     "option '--passw' is not spelled in full"),
    ("bad --peer-skew", "healthy", BASE + PEER + ["--peer-skew", "2 hours"],
     "'--peer-skew'"),
    ("both peer clocks", "healthy",
     BASE + PEER + ["--peer-skew", "1h", "--peer-time", "@0"], "exclude"),
    ("missing --ca", "healthy", ["--local", "gw.pem"] + PEER, "'--ca'"),
    ("unknown option", "healthy", BASE + PEER + ["--frobnicate"],
     "'--frobnicate'"),
    ("bad format", "healthy", BASE + PEER + ["--format", "xml"], "'--format'"),
    ("unknown gateway", "healthy", BASE + PEER + ["--gateway", "cisco"],
     "'--gateway'"),
    ("pair takes no revocation policy", "healthy",
     BASE + PEER + ["--revocation", "strict"], "'--revocation'"),
]


def run_pty(binary, cwd, args, cols, env):
    """The command's output as a terminal of cols columns shows it."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        e = {k: v for k, v in os.environ.items()
             if k not in ("NO_COLOR", "TERM")}
        e.update(env)
        os.execvpe(binary, [binary, "pair"] + args + ["--at", AT], e)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    out = b""
    while select.select([fd], [], [], 60)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child has gone: EIO
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode().replace("\r\n", "\n")


def run(binary, cwd, args, env=None):
    e = dict(os.environ)
    e.pop("CERTCHECK_PASSWORD", None)
    e.update(env or {})
    p = subprocess.run(WRAPPER + [binary, "pair"] + args + ["--at", AT],
                       cwd=cwd, capture_output=True, text=True, timeout=300,
                       env=e)
    return p.returncode, p.stdout, p.stderr


def main():
    binary, pki = os.path.abspath(sys.argv[1]), sys.argv[2]
    tally = Tally()
    verdict = tally.verdict


    for name, folder, args, code, root, verdicts, checks in SCENARIOS:
        cwd = os.path.join(pki, folder)
        rc, out, err = run(binary, cwd, args + ["--format", "json"])
        try:
            rep = json.loads(out)
        except ValueError as e:
            verdict(name, [f"not JSON ({e}); exit {rc}; stderr {err!r}"])
            continue
        probs = spec_problems(rep, rc, "pair", NOT_PAIR)
        probs += expect_problems(rep, rc, code, verdicts)
        if rep.get("root_cause") != root:
            probs.append(f"root cause {rep.get('root_cause')}, want {root}")
        got = {c["id"]: c["verdict"] for c in rep.get("causes", [])}
        # (check, status) or (check, status, evidence key, its value)
        have = {(f["check"], f["status"]) for f in rep.get("findings", [])}
        for chk in checks:
            if tuple(chk[:2]) not in have:
                probs.append(f"no finding {chk[:2]}; have {sorted(have)}")
            elif len(chk) == 4 and not any(
                    f["check"] == chk[0] and chk[2] in f["evidence"] and
                    chk[3] in (None, f["evidence"][chk[2]])
                    for f in rep["findings"]):
                probs.append(f"{chk[0]}: evidence {chk[2]} is not {chk[3]!r}")
        # the text and quiet renderings agree with the JSON
        rc_t, text, _ = run(binary, cwd, args)
        rc_q, quiet, _ = run(binary, cwd, args + ["-q"])
        if rc_t != rc or rc_q != rc:
            probs.append(f"exit codes differ: json {rc}, text {rc_t}, quiet {rc_q}")
        want_q = f"{root}:" if root else "ok"
        if len(quiet.splitlines()) != 1 or not quiet.startswith(want_q):
            probs.append(f"quiet output {quiet!r}")
        if "\033[" in text:
            probs.append("colour written to a pipe")
        summary = next((c["summary"] for c in rep["causes"] if c["id"] == root), "")
        if root and not text.startswith(f"Root cause: {summary}\n  ({root}, {got.get(root)})"):
            probs.append(f"the text report does not open with the root cause: {text[:120]!r}")
        if not root and not text.startswith("No problem found"):
            probs.append(f"the text report does not open with the answer: {text[:80]!r}")
        verdict(name, probs)

    for name, folder, args, part in BAD:
        rc, out, err = run(binary, os.path.join(pki, folder), args)
        lines = err.splitlines()
        probs = []
        if rc != 2:
            probs.append(f"exit {rc}, want 2")
        if out:
            probs.append(f"stdout not empty: {out[:80]!r}")
        if "correct horse" in err:
            probs.append(f"stderr repeats a password: {err!r}")
        if not lines or part not in lines[0] or len(lines) > 2 or \
                (len(lines) == 2 and not lines[1].startswith("try 'certcheck")):
            probs.append(f"stderr {err!r} does not name {part!r} in one line")
        verdict(f"exit 2: {name}", probs)

    # a certificate file over the size limit says so, and the limit
    big = os.path.join(scratch_dir("certcheck-big-"), "bundle.pem")
    with open(os.path.join(pki, "healthy", "alice.pem"), "rb") as f:
        one = f.read()
    with open(big, "wb") as f:
        f.write(one * (17 * 1024 * 1024 // len(one) + 1))
    rc, out, err = run(binary, os.path.join(pki, "healthy"),
                       BASE + ["--peer", big])
    verdict("exit 2: a file over the size limit", [] if rc == 2 and not out
            and "over the size limit of 16 MiB" in err and big in err
            else [f"exit {rc}, {err!r}"])

    # a subject with terminal escapes cannot drive the terminal
    rc, out, _ = run(binary, os.path.join(pki, "hostile"), BASE + PEER)
    verdict("terminal escapes in a subject are escaped",
            [] if "\033" not in out and "\007" not in out and "alice" in out
            else [f"raw control characters in {out[:200]!r}"])

    # a bidi override is shown as \u202E in text, kept exact in JSON
    rc, out, _ = run(binary, os.path.join(pki, "bidi"), BASE + PEER)
    rc_j, js, _ = run(binary, os.path.join(pki, "bidi"),
                      BASE + PEER + ["--format", "json"])
    subjects = [c["subject"] for c in json.loads(js)["certificates"]]
    verdict("a bidi override in a subject is escaped in text, exact in JSON",
            [] if "\u202e" not in out and "alice\\u202Emep.exe" in out and
            "C=SE, O=Example Corp, CN=alice\u202emep.exe" in subjects
            else [f"{out[:300]!r} {subjects}"])

    # on a terminal the prose is wrapped at its width, never inside a
    # quoted name; TERM=dumb has no colour; piped, one finding a line
    demo = os.path.join(pki, "demo")
    args = BASE + ["--peer", "alice.p12", "--password-file", "password.txt"]
    if WRAPPER:
        tally.skip("wrapping on a terminal", "not under a wrapper")
    else:
        tty = run_pty(binary, demo, args, 80, {"TERM": "dumb"})
        lines = tty.splitlines()
        root = [ln for ln in lines[:lines.index("") if "" in lines else 5]]
        long_prose = [ln for ln in root if len(ln) > 80]
        verdict("a terminal's width wraps the prose, not the names",
                [] if root and not long_prose and "\033[" not in tty and
                any("'C=SE, O=Example Corp, CN=Example Root CA'" in ln
                    for ln in root)
                else [f"{tty[:600]!r}"])
        _, piped, _ = run(binary, demo, args)
        fail = [ln for ln in piped.splitlines() if ln.startswith("  FAIL")]
        verdict("piped output keeps each finding on one line", [] if fail
                and fail[0].endswith("[pair.chain.same-name-different-key]")
                and "re-created with the same name" in fail[0]
                else [f"{fail}"])

    # the password from the environment, never argv
    rc, out, _ = run(binary, os.path.join(pki, "healthy"),
                     BASE + ["--peer", "alice.p12", "-q"],
                     {"CERTCHECK_PASSWORD": "correct horse"})
    verdict("CERTCHECK_PASSWORD", [] if rc == 0 and out == "ok\n" else
            [f"exit {rc}, output {out!r}"])

    # --swanctl: the gateway's swanctl.conf gives --local and --ca (x509/,
    # x509ca/ beside it), remote.certs --expect-peer... pair takes the
    # certificates; options given win
    sw = scratch_dir("certcheck-swanctl-")
    h = os.path.join(pki, "healthy")
    for sub_dir in ("x509", "x509ca", "conf.d", "private"):
        os.makedirs(os.path.join(sw, sub_dir))
    shutil.copy(os.path.join(h, "gw.pem"), os.path.join(sw, "x509", "gw.pem"))
    shutil.copy(os.path.join(h, "gw.key"), os.path.join(sw, "private"))
    shutil.copy(os.path.join(h, "root.pem"),
                os.path.join(sw, "x509ca", "root.pem"))
    with open(os.path.join(sw, "swanctl.conf"), "w") as f:
        f.write("connections {\n  psk { remote { auth = psk } }\n"
                "  include conf.d/*.conf\n}\n")
    with open(os.path.join(sw, "conf.d", "rw.conf"), "w") as f:
        f.write("rw {\n  local { certs = gw.pem }\n"
                "  remote { auth = pubkey\n revocation = strict }\n"
                "  proposals = aes256-sha384-ecp384\n}\n")
    conf = os.path.join(sw, "swanctl.conf")
    rc, out, err = run(binary, h, ["--swanctl", conf, "--peer", "alice.pem",
                                   "--untrusted", "issuing.pem",
                                   "--format", "json"])
    rep = json.loads(out) if rc in (0, 1) else None
    have = rep and {f["check"]: f for f in rep["findings"]}
    probs = spec_problems(rep, rc, "pair", NOT_PAIR) if rep else \
        [f"exit {rc}: {err!r}"]
    if rep and (rc != 0 or rep["gateway"] != {
            "profile": "strongswan", "revocation": "strict",
            "from": "config"} or
            have["config.connection"]["evidence"]["connection"] != "rw" or
            have["config.unknown-keys"]["evidence"]["keys"] != ["proposals"]):
        probs.append(f"exit {rc}, gateway {rep['gateway']}, "
                     f"findings {sorted(have)}")
    inputs = rep and have["config.connection"]["evidence"].get("inputs", [])
    for want in (r"x509/gw\.pem via connections\.rw\.local\.certs "
                 r"\(.*conf\.d/rw\.conf:2\)$",
                 r"x509ca/root\.pem via x509ca/",
                 r"^strict via connections\.rw\.remote\.revocation"):
        if rep and not any(re.search(want, i) for i in inputs):
            probs.append(f"no input like {want!r} in {inputs}")
    if rep and have.get("config.private-key", {}).get("status") != "ok":
        probs.append(f"config.private-key {have.get('config.private-key')}")
    verdict("--swanctl: the connection's certificate, CAs and profile",
            probs)
    rc, out, err = run(binary, h, ["--swanctl", conf, "--peer", "alice.pem",
                                   "--untrusted", "issuing.pem", "--gateway",
                                   "clavister", "--ca", "issuing.pem", "-q"])
    verdict("--swanctl: options given win (--ca, --gateway)",
            [] if rc == 1 and out.startswith("ca-mismatch") else
            [f"exit {rc}: {out!r} {err!r}"])
    # what pair does not judge (CRLs, the peer's identity) stays info: a
    # crl_uris value cut at its commas, no connection for the peer
    odd = os.path.join(sw, "odd.conf")
    with open(odd, "w") as f:
        f.write("connections {\n  rw {\n    local { certs = gw.pem }\n"
                "    remote { id = \"CN=nobody\" }\n  }\n}\n"
                "authorities {\n  x {\n    cacert = root.pem\n"
                "    crl_uris = ldap://h/CN=x,O=y\n  }\n}\n")
    rc, out, err = run(binary, h, ["--swanctl", odd, "--peer", "alice.pem",
                                   "--untrusted", "issuing.pem",
                                   "--format", "json"])
    rep = json.loads(out) if rc in (0, 1) else None
    probs = spec_problems(rep, rc, "pair", NOT_PAIR) if rep else \
        [f"exit {rc}: {err!r}"]
    got = rep and sorted((f["check"], f["status"]) for f in rep["findings"]
                         if f["check"] in ("config.split-uri",
                                           "config.no-connection"))
    if rep and got != [("config.no-connection", "info"),
                       ("config.split-uri", "info")]:
        probs.append(f"{got}")
    verdict("--swanctl: what pair does not judge stays info", probs)
    rdn_bad = os.path.join(sw, "strongswan.conf")
    with open(rdn_bad, "w") as f:
        f.write("charon {\n  rdn_matching = sorted\n}\n")
    for name, args, want in (
            ("an unknown --conn lists the connections",
             ["--swanctl", conf, "--conn", "nope"],
             "no connection 'nope' (it has: psk, rw)"),
            ("--conn needs --swanctl", ["--conn", "rw"], "needs '--swanctl'"),
            ("--strongswan-conf needs --swanctl",
             ["--strongswan-conf", conf], "needs '--swanctl'"),
            ("charon.rdn_matching must be one of three",
             ["--swanctl", conf, "--strongswan-conf", rdn_bad],
             "strongswan.conf:2: charon.rdn_matching = sorted: not strict"),
            ("a folder is no swanctl.conf", ["--swanctl", sw], "not a file"),
            ("a connection whose certificate is missing",
             ["--swanctl", conf, "--conn", "psk", "--local", "gw.pem"],
             ""),
    ):
        rc, out, err = run(binary, h, args + ["--peer", "alice.pem"])
        # one line (a usage error adds its "try --help" hint)
        first = err.splitlines()[0] if err else ""
        ok = rc == 2 and want in first and not out and \
            err.count("\n") <= 2
        if name.startswith("a connection whose"):
            # psk: no certificate of its own, but --local gives it
            ok = rc in (0, 1)
        verdict(f"--swanctl: {name}", [] if ok else
                [f"exit {rc}: {err!r}"])
    with open(os.path.join(sw, "bad.conf"), "w") as f:
        f.write("connections {\n  rw.remote { }\n}\n")
    rc, out, err = run(binary, h, ["--swanctl", os.path.join(sw, "bad.conf"),
                                   "--peer", "alice.pem"])
    verdict("--swanctl: a syntax error is FILE:LINE, exit 2",
            [] if rc == 2 and "bad.conf:2:" in err and not out else
            [f"exit {rc}: {err!r}"])

    # --help and --version go to stdout with exit 0
    for extra in (["pair", "--help"], ["--version"], ["--help"]):
        p = subprocess.run(WRAPPER + [binary] + extra, capture_output=True,
                           text=True, timeout=300)
        verdict(" ".join(extra), [] if p.returncode == 0 and p.stdout and
                not p.stderr else [f"exit {p.returncode}, stderr {p.stderr!r}"])

    # --version: the commit, and the libraries the binary and its network
    # module run with; a binary whose module is not there says so
    p = subprocess.run(WRAPPER + [binary, "--version"], capture_output=True,
                       text=True, timeout=300)
    verdict("--version names the commit, OpenSSL, libcurl and c-ares",
            [] if re.match(r"certcheck \S+ \(commit \w+\)\nOpenSSL: "
                           r"OpenSSL 3\.[^\n]*\nnetwork module: libcurl "
                           r"[\d.]+, c-ares [\d.]+\n$", p.stdout)
            else [p.stdout])
    alone = scratch_dir("certcheck-alone-")
    shutil.copy(binary, alone)
    p = subprocess.run(WRAPPER + [os.path.join(alone, "certcheck"),
                                  "--version"], capture_output=True,
                       text=True, timeout=300,
                       env=dict(os.environ, CERTCHECK_MODULE_DIR=alone))
    verdict("--version without the network module says it is not found",
            [] if p.returncode == 0 and "network module: not found" in
            p.stdout else [p.stdout])

    # a CA certificate as the peer's: the fix is the peer's own certificate
    # (issued by that CA when it is a root), never a re-issue with
    # digitalSignature; its key usage is no finding of its own
    for peer, issuer in (("root.pem", "Example Root CA"),
                         ("issuing.pem", "Example Root CA")):
        rc, out, err = run(binary, os.path.join(pki, "healthy"),
                           BASE + ["--peer", peer, "--format", "json"])
        rep = json.loads(out) if rc in (0, 1) else None
        fs = rep and {f["check"]: f for f in rep["findings"]}
        rem = fs and fs.get("pair.usage.ca-certificate", {}).get("remedy")
        verdict(f"{peer} as the peer's: the fix names the peer's own "
                "certificate", [] if rem and "own end-entity" in rem and
                issuer in rem and "pair.usage.key-usage" not in fs
                else [f"exit {rc}: {rem!r}, {sorted(fs or [])}"])

    # a legacy PKCS#12 (RC2-40/3DES, `openssl pkcs12 -export -legacy`), and
    # a password file with a UTF-8 byte-order mark, as Notepad writes one
    work = scratch_dir("certcheck-p12-")
    healthy = os.path.join(pki, "healthy")
    pem = os.path.join(work, "alice-and-key.pem")
    subprocess.run(["openssl", "pkcs12", "-in",
                    os.path.join(healthy, "alice.p12"), "-passin",
                    "pass:correct horse", "-nodes", "-out", pem], check=True,
                   capture_output=True)
    subprocess.run(["openssl", "pkcs12", "-export", "-legacy", "-in", pem,
                    "-passout", "pass:legacy", "-out",
                    os.path.join(work, "legacy.p12")], check=True,
                   capture_output=True)
    for name, text in (("legacy.txt", b"legacy\n"),
                       ("bom.txt", b"\xef\xbb\xbflegacy\r\n")):
        with open(os.path.join(work, name), "wb") as f:
            f.write(text)
        rc, out, err = run(binary, healthy, [
            "--local", "gw.pem", "--ca", "root.pem", "--untrusted",
            "issuing.pem", "--peer", os.path.join(work, "legacy.p12"),
            "--password-file", os.path.join(work, name), "--format", "json"])
        try:
            rep = json.loads(out)
        except ValueError:
            rep = None
        verdict(f"legacy PKCS#12, password from {name}", [] if rep and
                rc == 0 and ("pair.usage.ok", "ok") in
                {(f["check"], f["status"]) for f in rep["findings"]}
                else [f"exit {rc}: {err.strip()}"])

    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
