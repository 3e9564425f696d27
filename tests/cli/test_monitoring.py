#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Integration tests of the monitoring formats: `--format nagios` against
the Monitoring Plugins Development Guidelines' grammar (the status line,
perfdata, long output, exit codes 0-3 for each status); `--format
prometheus` against the text exposition format (a parser here, and
promtool check metrics where Debian's prometheus package is installed),
its --output file read while certcheck rewrites it in a loop.

usage: test_monitoring.py CERTCHECK TESTPKI MKCRLPKI

Every run judges at 2026-06-01T12:00:00Z (--at); the CRLs are mkcrlpki's,
given as files (--crl, --no-network).  Ends with 'N passed, N failed'.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from scratch import scratch_dir  # noqa: E402
from tally import Tally  # noqa: E402

WRAPPER = shlex.split(os.environ.get("CERTCHECK_WRAPPER", ""))
AT = "2026-06-01T12:00:00Z"
STATUS = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
LINE = re.compile(r"^CERTCHECK (PAIR|CRL|IDLIST|DIAGNOSE|LOG) "
                  r"(OK|WARNING|CRITICAL|UNKNOWN) - ([^|\n]*?)"
                  r"(?: \| (.*))?$")
NUM = r"-?[0-9]+(?:\.[0-9]+)?"
PERF = re.compile(r"'((?:[^'=]|'')+)'=(" + NUM + r")(s|ms|us|%|B|KB|MB|TB|c)?"
                  r"(?:;(" + NUM + r")?(?:;(" + NUM + r")?(?:;(" + NUM +
                  r")?(?:;(" + NUM + r")?)?)?)?)?(?: |$)")


def nagios(out, rc):
    """What is wrong with a plugin's output and exit code, and the parsed
    status line: (problems, status word, summary, {label: value})."""
    lines = out.split("\n")
    m = LINE.match(lines[0])
    if not m:
        return [f"status line: {lines[0]!r}"], None, None, {}
    probs, perf = [], {}
    if STATUS.index(m[2]) != rc:
        probs.append(f"exit {rc} for {m[2]}")
    rest = m[4] or ""
    while rest:
        p = PERF.match(rest)
        if not p:
            probs.append(f"perfdata at {rest[:60]!r}")
            break
        perf[p[1].replace("''", "'")] = float(p[2])
        rest = rest[p.end():]
    if any("|" in ln for ln in lines[1:]):
        probs.append("a '|' in the long output")
    return probs, m[2], m[3], perf


def main():
    binary, pki, mkcrlpki = (os.path.abspath(a) for a in sys.argv[1:4])
    d = scratch_dir("certcheck-monitoring-")
    subprocess.run([mkcrlpki, d, "a=http://127.0.0.1:9/a.crl"], check=True,
                   capture_output=True)
    tally = Tally()

    def run(args):
        p = subprocess.run(WRAPPER + [binary] + args, cwd=d, text=True,
                           capture_output=True, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def case(name, args, want, summary=None, perf=()):
        rc, out, err = run(args)
        probs, status, said, data = nagios(out, rc)
        if status and status != want:
            probs.append(f"{status}, want {want}: {out[:300]}")
        if summary and said and summary not in said:
            probs.append(f"summary {said!r} lacks {summary!r}")
        for label in perf:
            if label not in data:
                probs.append(f"no perfdata {label!r} in {sorted(data)}")
        if rc == 3 and not err:
            probs.append("UNKNOWN without a line on stderr")
        tally.verdict(f"nagios: {name}", probs)
        return data

    h = f"{pki}/healthy"
    pair = ["pair", "--local", f"{h}/gw.pem", "--peer", f"{h}/alice.pem",
            "--ca", f"{h}/root.pem", "--untrusted", f"{h}/issuing.pem",
            "--at", AT, "--format", "nagios"]
    data = case("pair, healthy: OK", pair, "OK", "no cause found",
                ["days C:SE, O:Example Corp, CN:alice"])
    days = data.get("days C:SE, O:Example Corp, CN:alice", 0)
    case("pair, -w above the days left: WARNING",
         pair + ["-w", str(int(days) + 1)], "WARNING", "expires in")
    case("pair, -c above the days left: CRITICAL",
         pair + ["-w", str(int(days) + 2), "-c", str(int(days) + 1)],
         "CRITICAL", "expires in")
    case("pair, -w below the days left: OK", pair + ["-w", "1"], "OK")
    s = f"{pki}/same-name-key"
    case("pair, a confirmed cause: CRITICAL",
         ["pair", "--local", f"{s}/gw.pem", "--peer", f"{s}/alice.pem",
          "--ca", f"{s}/root.pem", "--untrusted", f"{s}/issuing.pem",
          "--at", AT, "--format", "nagios"], "CRITICAL",
         "ca-mismatch confirmed")
    crl = ["crl", "a.pem", "--ca", "root.pem", "--untrusted", "issuing.pem",
           "--no-network", "--at", AT, "--format", "nagios"]
    data = case("crl, a current CRL: OK", crl + ["--crl", "good.crl"],
                "OK", perf=["next_update good.crl"])
    left = data.get("next_update good.crl", 0) / 3600
    case("crl, --crl-warn above the hours left: WARNING",
         crl + ["--crl", "good.crl", "--crl-warn", str(int(left) + 1)],
         "WARNING", "current for")
    case("crl, --crl-crit above the hours left: CRITICAL",
         crl + ["--crl", "good.crl", "--crl-crit", str(int(left) + 1)],
         "CRITICAL", "current for")
    case("crl, a stale CRL: a cause by the policy",
         crl + ["--crl", "stale.crl", "--revocation", "strict"], "CRITICAL",
         "crl-unreachable")
    with open(os.path.join(d, "win.log"), "w") as f:
        f.write("CoId={1}: The user LAB\\alice dialed a connection named "
                "Office which has failed. The error code returned on "
                "failure is 13801.\n")
    case("log, a likely cause: WARNING",
         ["log", "win.log", "--format", "nagios"], "WARNING",
         "ca-mismatch likely")
    with open(os.path.join(d, "lists.conf"), "w") as f:
        f.write("tunnel A idlist=L\nidlist L\n  dn C=SE, O=Nobody, CN=*\n")
    case("idlist, certificates no entry matches: CRITICAL",
               ["idlist", "--idlist", "lists.conf", f"{h}/alice.pem",
                "--format", "nagios"], "CRITICAL", "idlist confirmed")
    rc, out, _ = run(["idlist", "--idlist", "lists.conf", f"{h}/alice.pem",
                      "--format", "prometheus"])
    fams = exposition(out)
    tally.verdict("prometheus: idlist's unmatched count",
                  [] if isinstance(fams, dict) and
                  fams.get("certcheck_idlist_unmatched_total") == [("", 1.0)]
                  else [f"{fams}"])
    case("diagnose, the demo: CRITICAL",
         ["diagnose", "--local", f"{s}/gw.pem", "--peer", f"{s}/alice.pem",
          "--ca", f"{s}/root.pem", "--untrusted", f"{s}/issuing.pem",
          "--no-network", "--at", AT, "--format", "nagios"], "CRITICAL",
         "ca-mismatch confirmed")
    case("a missing input: UNKNOWN",
         ["pair", "--local", "nosuch.pem", "--peer", "a.pem", "--ca",
          "root.pem", "--format", "nagios"], "UNKNOWN", "nosuch.pem")
    case("a bad option: UNKNOWN", ["crl", "--format", "nagios",
                                   "--no-such-option"], "UNKNOWN")
    rc, out, _ = run(["pair", "--help", "--format", "nagios"])
    tally.verdict("nagios: --help is UNKNOWN (3)",
                  [] if rc == 3 and "usage" in out.lower() else [f"{rc}"])
    rc, _, err = run(pair[:-2] + ["-w", "3"])
    tally.verdict("nagios: -w without --format nagios is exit 2",
                  [] if rc == 2 and "nagios" in err else [f"{rc}: {err}"])
    rc, out, _ = run(pair + ["-q"])
    tally.verdict("nagios: -q does not apply (the status line stays)",
                  [] if out.startswith("CERTCHECK PAIR OK") else [out])
    # --format prometheus: the exposition format, a textfile never seen
    # half-written
    prom = crl[:-2] + ["--crl", "good.crl", "--format", "prometheus"]
    rc, out, err = run(prom)
    fams = exposition(out)
    tally.verdict("prometheus: crl, the text exposition format",
                  fams if isinstance(fams, list) else
                  [f"no {f}" for f in ("certcheck_certificate_not_after_"
                                       "timestamp_seconds",
                                       "certcheck_crl_next_update_"
                                       "timestamp_seconds",
                                       "certcheck_url_up",
                                       "certcheck_url_duration_seconds",
                                       "certcheck_cause") if f not in fams]
                  + ([f"exit {rc}"] if rc else []))
    if isinstance(fams, dict):
        got = fams.get("certcheck_crl_next_update_timestamp_seconds", [])
        tally.verdict("prometheus: the CRL's nextUpdate in seconds since "
                      "1970", [] if got and got[0][1] == 1780833600.0 and
                      'url="good.crl"' in got[0][0] else [f"{got}"])
    # scripts/setup.sh unpacks Debian's into the build folder
    promtool = shutil.which("promtool") or shutil.which(
        "promtool", path=os.path.join(os.path.dirname(binary), "prometheus",
                                      "usr", "bin"))
    if promtool:
        p = subprocess.run([promtool, "check", "metrics"], input=out,
                           capture_output=True, text=True)
        tally.verdict("prometheus: promtool check metrics",
                      [] if p.returncode == 0 else
                      [p.stdout + p.stderr])
    else:
        print("SKIP prometheus: promtool check metrics (no promtool: "
              "Debian's prometheus package)")
    rc, out, _ = run(["log", "win.log", "--format", "prometheus"])
    fams = exposition(out)
    tally.verdict("prometheus: log, the cause likely, exit 1",
                  [] if isinstance(fams, dict) and rc == 1 and
                  ('{cause="ca-mismatch",verdict="likely"}', 1.0) in
                  fams.get("certcheck_cause", []) else [f"{rc} {fams}"])
    hostile = os.path.join(d, 'odd "name"\\x.crl')
    with open(os.path.join(d, "good.crl"), "rb") as f, \
            open(hostile, "wb") as g:
        g.write(f.read())
    rc, out, _ = run(crl[:-2] + ["--crl", hostile, "--format",
                                 "prometheus"])
    fams = exposition(out)
    got = fams.get("certcheck_crl_next_update_timestamp_seconds", []) \
        if isinstance(fams, dict) else fams
    tally.verdict("prometheus: label values escaped (quote, backslash)",
                  [] if got and '\\"name\\"\\\\x.crl' in got[0][0]
                  else [f"{got}"])
    target = os.path.join(d, "certcheck.prom")
    writer = subprocess.Popen(
        ["sh", "-c", 'i=0; while [ $i -lt 40 ]; do "$@" || exit 1; '
         'i=$((i+1)); done', "sh"] + WRAPPER + [binary] + prom +
        ["--output", target], cwd=d)
    seen, torn = 0, []
    while writer.poll() is None:
        try:
            with open(target) as f:
                text = f.read()
        except FileNotFoundError:
            continue
        seen += 1
        fams = exposition(text)
        if not isinstance(fams, dict) or "certcheck_cause" not in fams:
            torn.append(text[-80:])
    left = [n for n in os.listdir(d) if n.startswith(".certcheck.prom")]
    tally.verdict("prometheus: --output never read half-written",
                  [] if writer.returncode == 0 and seen and not torn and
                  not left else
                  [f"exit {writer.returncode}, {seen} reads, torn {torn[:2]}"
                   f", temporary files left {left}"])
    rc, _, err = run(pair[:-2] + ["--output", "x.prom"])
    tally.verdict("prometheus: --output without --format prometheus is "
                  "exit 2", [] if rc == 2 and "prometheus" in err
                  else [f"{rc}: {err}"])

    # doc/monitoring.md's systemd units, as systemd reads them
    units = units_of(os.path.join(os.path.dirname(__file__), "..", "..",
                                  "doc", "monitoring.md"))
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        print("SKIP nagios: doc/monitoring.md's units (no systemd-analyze)")
    else:
        for name, text in units.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text.replace("/usr/bin/certcheck", binary))
        p = subprocess.run([analyze, "verify"] +
                           [os.path.join(d, n) for n in sorted(units)],
                           capture_output=True, text=True, cwd=d)
        bad = [ln for ln in (p.stdout + p.stderr).splitlines()
               if "certcheck-crl" in ln]
        tally.verdict("nagios: doc/monitoring.md's timer and service verify",
                      [] if len(units) == 2 and p.returncode == 0 and
                      not bad else [f"{sorted(units)}: {p.returncode} "
                                    f"{bad or p.stderr[-400:]}"])
    return tally.close()


SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)'
                    r'(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
                    r'(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*)?\})?'
                    r' (-?[0-9.eE+-]+|NaN|[+-]Inf)$')


def exposition(text):
    """Prometheus' text format (0.0.4) as certcheck must write it: every
    family a # HELP and a # TYPE line before its samples, no timestamps,
    the text ending with a newline; {family: [(labels, value)]}, or the
    problems as a list."""
    probs, fams, typed = [], {}, set()
    if not text.endswith("\n"):
        return ["does not end with a newline"]
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$", line)
        if m:
            if m[1] == "TYPE":
                if m[3] not in ("gauge", "counter"):
                    probs.append(f"line {n}: type {m[3]}")
                typed.add(m[2])
                fams.setdefault(m[2], [])
            continue
        m = SAMPLE.match(line)
        if not m:
            probs.append(f"line {n}: {line!r}")
        elif m[1] not in typed:
            probs.append(f"line {n}: {m[1]} before its # TYPE")
        else:
            fams[m[1]].append((m[2] or "", float(m[3])))
    return probs or fams


def units_of(path):
    """The systemd units doc/monitoring.md shows: {file name: text}, each
    the code block after its backquoted path."""
    text = open(path).read()
    return {m[1]: m[2] for m in re.finditer(
        r"`/etc/systemd/system/([\w.-]+)`:\n\n```\n(.*?)```", text, re.S)}


if __name__ == "__main__":
    sys.exit(main())
