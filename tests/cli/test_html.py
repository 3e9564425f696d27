#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of `--format html`: each page parsed by a strict
parser (the page is well-formed XML as well as HTML: xml.etree), every
finding of the same run's JSON report present in it, the chains and the
timeline drawn, everything from inputs escaped (a subject with <script>,
quotes and a bidi override), nothing fetched from anywhere; then, where
Debian's chromium is installed, each page loaded offline by headless
Chromium: the DOM it builds must hold the chain boxes and the timeline
bars, and a screenshot is taken.

usage: test_html.py CERTCHECK TESTPKI MKCRLPKI

Every run judges at 2026-06-01T12:00:00Z.  Ends with 'N passed, N failed'.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from scratch import scratch_dir  # noqa: E402
from tally import Tally  # noqa: E402

WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
AT = "2026-06-01T12:00:00Z"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def shown(s):
    """A string as the page shows it: bidi and format controls as
    \\uNNNN, other control bytes as \\xNN (what the text report does)."""
    s = BIDI.sub(lambda m: f"\\u{ord(m[0]):04X}", s)
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02X}", s)


def main():
    binary, pki, mkcrlpki = (os.path.abspath(a) for a in sys.argv[1:4])
    d = scratch_dir("certcheck-html-")
    subprocess.run([mkcrlpki, d, "a=http://127.0.0.1:9/a.crl"], check=True,
                   capture_output=True)
    tally = Tally()
    pages = []

    def page(name, args, cwd, chains=True, bars=True, hostile=None):
        out = os.path.join(d, re.sub(r"\W+", "-", name) + ".html")
        p = subprocess.run(WRAPPER + [binary] + args + ["--format", "html",
                                                        "--output", out],
                           cwd=cwd, capture_output=True, text=True,
                           timeout=120)
        j = subprocess.run(WRAPPER + [binary] + args + ["--format", "json"],
                           cwd=cwd, capture_output=True, text=True,
                           timeout=120)
        probs = []
        if p.returncode != j.returncode or p.returncode not in (0, 1):
            probs.append(f"exit {p.returncode} (JSON {j.returncode}): "
                         f"{p.stderr}")
            return tally.verdict(f"html: {name}", probs)
        text = open(out, encoding="utf-8").read()
        try:
            root = ET.fromstring(text.replace("<!DOCTYPE html>", "", 1))
        except ET.ParseError as e:
            return tally.verdict(f"html: {name}", [f"not well-formed: {e}"])
        words = " ".join(" ".join(root.itertext()).split())
        rep = json.loads(j.stdout)
        # the two runs' timings differ ("after 3 ms"): numbers aside
        loose = re.sub(r"\d+", "N", words)
        for f in rep["findings"]:
            if re.sub(r"\d+", "N", " ".join(shown(f["message"]).split())) \
                    not in loose:
                probs.append(f"finding missing: {f['check']}: "
                             f"{f['message'][:80]}")
        if rep["root_cause"] and f"Root cause: {rep['root_cause']}" \
                not in words:
            probs.append("no root cause at the top")
        if chains and 'class="box' not in text:
            probs.append("no chain boxes")
        if bars and 'class="bar' not in text:
            probs.append("no timeline bars")
        if re.search(r"(src|href)\s*=|url\(|@import", text):
            probs.append("something would be fetched")
        if "default-src 'none'" not in text:
            probs.append("no Content-Security-Policy")
        if hostile and (hostile[0] in text or BIDI.search(text)):
            probs.append(f"an input not escaped: {hostile[0]!r}")
        if hostile and hostile[1] not in words:
            probs.append(f"the escaped form {hostile[1]!r} not shown")
        tally.verdict(f"html: {name}", probs)
        pages.append(out)

    base = ["--local", "gw.pem", "--ca", "root.pem", "--untrusted",
            "issuing.pem", "--peer", "alice.pem", "--at", AT]
    page("diagnose, the demo", ["diagnose", "--local", "gw.pem", "--peer",
                                "alice.p12", "--password-file",
                                "password.txt", "--ca", "root.pem",
                                "--untrusted", "issuing.pem",
                                "--peer-skew", "-5m", "--no-network",
                                "--at", AT], f"{pki}/demo")
    for scenario in ("healthy", "same-name-key", "expired", "not-yet-valid",
                     "missing-intermediate", "wrong-eku", "peer-skew"):
        page(f"pair, {scenario}", ["pair"] + base, f"{pki}/{scenario}")
    page("pair, a subject with terminal escapes", ["pair"] + base,
         f"{pki}/hostile", hostile=("\x1b", "\\x1B[2J"))
    page("pair, a subject with a bidi override", ["pair"] + base,
         f"{pki}/bidi", hostile=("\u202e", "\\u202E"))
    # a subject of <script>, quotes and a bidi override, minted here
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", os.path.join(d, "evil.key"), "-out",
                    os.path.join(d, "evil.pem"), "-days", "3650",
                    "-subj", "/CN=<script>alert(\"x\")<\\/script> "
                    "'a'\u202etxt.exe", "-utf8"],
                   check=True, capture_output=True)
    page("pair, a subject with <script> and quotes", [
        "pair", "--local", "evil.pem", "--peer", "evil.pem", "--ca",
        "evil.pem", "--at", AT], d,
        hostile=("<script>", "\\<script\\>alert(\\\"x\\\")"))
    page("crl, a stale CRL and a URL", [
        "crl", "a.pem", "--ca", "root.pem", "--untrusted", "issuing.pem",
        "--crl", "stale.crl", "--url", "http://127.0.0.1:9/a.crl",
        "--timeout", "2", "--at", AT], d)
    with open(os.path.join(d, "lists.conf"), "w") as f:
        f.write("tunnel A idlist=L\nidlist L\n  dn C=SE, O=Nobody, CN=*\n")
    page("idlist", ["idlist", "--idlist", os.path.join(d, "lists.conf"),
                    f"{pki}/healthy/alice.pem"], d, chains=False)
    with open(os.path.join(d, "win.log"), "w") as f:
        f.write("CoId={1}: The user LAB\\alice dialed a connection named "
                "Office which has failed. The error code returned on "
                "failure is 13801.\n")
    page("log", ["log", "win.log"], d, chains=False, bars=False)
    rc = subprocess.run([binary, "pair"] + base + ["--output", "x.html"],
                        cwd=f"{pki}/healthy", capture_output=True).returncode
    tally.verdict("html: --output without --format html is exit 2",
                  [] if rc == 2 else [f"exit {rc}"])

    # in a real browser, offline
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("SKIP html: headless Chromium (no chromium: Debian's "
              "package chromium)")
        return tally.close()
    profile = scratch_dir("certcheck-chromium-")
    flags = [browser, "--headless", "--disable-gpu", "--no-sandbox",
             "--disable-dev-shm-usage",
             "--no-first-run", f"--user-data-dir={profile}",
             "--disable-background-networking", "--disable-sync",
             "--disable-component-update", "--disable-default-apps"]
    for out in pages[:3]:
        p = subprocess.run(flags + ["--dump-dom", f"file://{out}"],
                           capture_output=True, text=True, timeout=120)
        dom = p.stdout
        name = os.path.basename(out)
        tally.verdict(f"chromium: {name}: the chain boxes and timeline bars "
                      "in its DOM",
                      [] if dom.count('class="box') >= 2 and
                      'class="bar' in dom else [p.stderr[-300:]])
    shot = os.path.join(d, "shot.png")
    p = subprocess.run(flags + [f"--screenshot={shot}",
                                "--window-size=1000,1400",
                                f"file://{pages[0]}"],
                       capture_output=True, text=True, timeout=120)
    ok = os.path.exists(shot) and open(shot, "rb").read(8) == \
        b"\x89PNG\r\n\x1a\n" and os.path.getsize(shot) > 10000
    tally.verdict("chromium: a screenshot of the demo",
                  [] if ok else [p.stderr[-300:]])
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
