# SPDX-License-Identifier: MIT
"""doc/report.md's fixed rules for a JSON report, shared by the CLI tests (the
project's own copy: the rules of doc/report.md, checked by every CLI test)."""

CAUSES = ["ca-mismatch", "validity", "crl-unreachable", "idlist",
          "wrong-certificate", "revoked", "identity", "key"]
STATUSES = {"ok", "info", "warn", "fail", "skip"}
ROLES = {"local", "peer", "expected-peer", "ca", "peer-ca", "untrusted", "user"}


def _registry():
    """The check-id registry (include/cc_checkid.h): id -> (cause,
    statuses, evidence keys).  Read from the header, the one source."""
    import os
    import re
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "..", "include", "cc_checkid.h")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text[text.index("#define CC_CHECKS(X)"):text.index("clang-format on")]
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S).replace("\\\n", " ")
    rows = {}
    for m in re.finditer(
            r'X\(\s*\w+,\s*"([^"]+)",\s*(\w+),\s*((?:CC_ST\(\w+\)\s*\|?\s*)+),'
            r'\s*((?:"[^"]*"\s*)+),', text):
        keys = "".join(re.findall(r'"([^"]*)"', m.group(4))).split()
        rows[m.group(1)] = (m.group(2).lower().replace("_", "-"),
                            set(x.lower() for x in
                                re.findall(r"CC_ST\((\w+)\)", m.group(3))),
                            set(keys))
    return rows


REGISTRY = _registry()
LOG_CAUSE = {"log.confirms", "log.disagrees"}


def spec_problems(rep, code, command, unchecked):
    """doc/report.md's fixed rules, checked on one report of command; the causes
    in unchecked are ones the command never checks."""
    out = []

    def need(cond, what):
        if not cond:
            out.append(what)

    need(rep.get("certcheck") == 1, "certcheck != 1")
    g = rep.get("gateway", {})
    need(g.get("profile") in ("clavister", "strongswan", "libreswan",
                              "windows"), f"gateway.profile {g.get('profile')}")
    need(g.get("revocation") in ("strict", "ifuri", "relaxed"),
         f"gateway.revocation {g.get('revocation')}")
    need(g.get("from") in ("option", "default", "config"),
         f"gateway.from {g.get('from')}")
    need(rep.get("command") == command, f"command != {command}")
    t = rep.get("time", {})
    for k in ("local", "peer", "peer_skew_seconds"):
        need(k in t, f"time lacks {k}")
    if command in ("idlist", "log", "probe"):
        need(t.get("peer") is None and t.get("peer_skew_seconds") is None,
             f"{command} judges no clock: time.peer must be null")
    else:
        need(t.get("peer_clock") in ("given", "assumed"),
             f"time.peer_clock {t.get('peer_clock')!r}")
        if t.get("peer_clock") == "assumed":
            need(t.get("peer") == t.get("local") and
                 t.get("peer_skew_seconds") == 0,
                 "an assumed peer clock is the local one, skew 0")
    certs = rep.get("certificates", [])
    for i, c in enumerate(certs):
        for k in ("role", "file", "subject", "issuer", "serial",
                  "not_before", "not_after", "sha256"):
            need(k in c, f"certificates[{i}] lacks {k}")
        need(c.get("role") in ROLES, f"certificates[{i}] role {c.get('role')}")
    seen = {c: set() for c in CAUSES}
    for i, f in enumerate(rep.get("findings", [])):
        for k in ("check", "status", "cause", "certificate", "message",
                  "remedy", "evidence"):
            need(k in f, f"findings[{i}] lacks {k}")
        need(f.get("status") in STATUSES, f"findings[{i}] status")
        need(f.get("cause") in CAUSES, f"findings[{i}] cause")
        idx = f.get("certificate")
        need(idx is None or 0 <= idx < len(certs), f"findings[{i}] index")
        if f.get("status") in ("warn", "fail"):
            need(bool(f.get("remedy")), f"findings[{i}] {f['check']} has no remedy")
        row = REGISTRY.get(f.get("check"))
        if not row:
            out.append(f"{f.get('check')}: not in the registry")
        else:
            # diagnose --log's comparison bears on the cause the log
            # names (cmd_diagnose.c), whatever the registry's row says
            need(f.get("cause") == row[0] or f["check"] in LOG_CAUSE,
                 f"{f['check']}: cause {f.get('cause')}, registry {row[0]}")
            need(f.get("status") in row[1],
                 f"{f['check']}: status {f.get('status')} not in {sorted(row[1])}")
            extra = set(f.get("evidence", {})) - row[2]
            need(not extra, f"{f['check']}: evidence {sorted(extra)} not in "
                 "the registry")
        seen.setdefault(f.get("cause"), set()).add(f.get("status"))
    causes = rep.get("causes", [])
    need([c.get("id") for c in causes] == CAUSES, "causes order")
    verdicts = {}
    for c in causes:
        sts = seen.get(c["id"], set())
        want = ("confirmed" if "fail" in sts else "likely" if "warn" in sts
                else "ruled-out" if "ok" in sts else "not-checked")
        need(c.get("verdict") == want, f"{c['id']}: {c.get('verdict')} != {want}")
        need(isinstance(c.get("summary"), str) and c["summary"],
             f"{c['id']}: no summary")
        verdicts[c["id"]] = c.get("verdict")
    for c in unchecked:
        need(verdicts.get(c) == "not-checked", f"{c} checked by {command}")
    root = next((c for c in CAUSES if verdicts.get(c) == "confirmed"), None) \
        or next((c for c in CAUSES if verdicts.get(c) == "likely"), None)
    need(rep.get("root_cause") == root, f"root_cause {rep.get('root_cause')} != {root}")
    need(rep.get("status") == ("problem" if root else "ok"), "status")
    need(code == (1 if root else 0), f"exit {code} for status {rep.get('status')}")
    # not SPEC's rule, but the report's: nothing said twice
    said = [(f.get("check"), f.get("certificate"), f.get("message"))
            for f in rep.get("findings", [])]
    for dup in {x for x in said if said.count(x) > 1}:
        out.append(f"finding said twice: {dup}")
    for i, u in enumerate(rep.get("urls", []) or []):
        for k in ("url", "certificate", "status", "steps"):
            need(k in u, f"urls[{i}] lacks {k}")
        need(u.get("status") in ("ok", "warn", "fail", "skip"), f"urls[{i}] status")
        for j, st in enumerate(u.get("steps", [])):
            for k in ("step", "status", "ms", "detail"):
                need(k in st, f"urls[{i}].steps[{j}] lacks {k}")
    return out




def expect_problems(rep, rc, code, verdicts):
    """What differs from the exit code and the cause verdicts a case wants
    ({cause: verdict}; causes not named are not compared)."""
    probs = [] if rc == code else [f"exit {rc}, want {code}"]
    got = {c["id"]: c["verdict"] for c in rep.get("causes", [])}
    for c, v in verdicts.items():
        if got.get(c) != v:
            probs.append(f"{c}: {got.get(c)}, want {v}")
    return probs
