#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The documentation says what the code does: one source per fact.

usage: test_docs.py CERTCHECK

- The README's check-id tables list exactly the registry's ids
  (include/cc_checkid.h), each once.
- Every option of every command's --help (made from the one option table in
  certcheck/cli/cli.c) is documented in the man page and in the README, and the
  man page documents no option the program does not have.
- The README's architecture map names every source file of certcheck/,
  crl/, include/ and testcerts/, and no file the tree does not have.
Ends with 'N passed, N failed'.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from spec import LOG_CAUSE, REGISTRY  # noqa: E402
from tally import Tally  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
COMMANDS = ("pair", "crl", "idlist", "diagnose", "log", "probe")
ID = r"`((?:pair|crl|idlist|identity|diagnose|validity|config|ocsp|log|probe)\.[a-z0-9.-]+)`"


def read(*path):
    with open(os.path.join(ROOT, *path), encoding="utf-8") as f:
        return f.read()


def gateway_rules(tally):
    """doc/gateway-profiles.md's table of rules is cc_gateway.h's."""
    header = read("include", "cc_gateway.h")
    header = header[header.index("#define CC_GATEWAY_RULES(X)"):]
    header = header[:header.index("enum cc_gw_rule")]
    flat = re.sub(r'"\s*\\?\s*"', "", header.replace("\\\n", " "))
    code = {m[1]: [s.lower() for s in m[2:]] for m in re.findall(
        r'X\((\w+),\s*"([^"]+)",\s*(\w+),\s*(\w+),\s*(\w+),\s*(\w+)\)',
        flat)}
    doc = {}
    for line in read("doc", "gateway-profiles.md").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in code:
            doc[cells[0]] = cells[1:]
    tally.verdict("doc/gateway-profiles.md: the rules of cc_gateway.h", [
        f"{what}: code {want}, doc {doc.get(what)}"
        for what, want in code.items() if doc.get(what) != want] +
        ["no rule parsed from cc_gateway.h"] * (not code))


def architecture_map(tally):
    """Every source file is in the README's map; the map names no other."""
    readme = read("README.md")
    section = readme[readme.index("## Architecture"):]
    section = section[:section.index("\n## ", 1)]
    named = set(re.findall(r"`(?:[\w./-]*/)?([\w-]+\.[ch])`", section))
    tree = set()
    for top in ("certcheck", "crl", "include", "testcerts"):
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            tree |= {f for f in files if f.endswith((".c", ".h"))}
    tally.verdict("README's architecture map: every source file",
                  sorted(tree - named))
    tally.verdict("README's architecture map: only files the tree has",
                  sorted(named - tree))


def main():
    binary = os.path.abspath(sys.argv[1])
    tally = Tally()
    gateway_rules(tally)
    architecture_map(tally)

    readme = read("README.md")
    listed = []
    for line in readme.splitlines():
        if line.startswith("| `"):
            listed += re.findall(ID, line.split("|")[1])
    dup = sorted({i for i in listed if listed.count(i) > 1})
    tally.verdict("README: every registered check id, once", [
        f"not in the README: {sorted(set(REGISTRY) - set(listed))}"
    ] * bool(set(REGISTRY) - set(listed)) + [
        f"not registered: {sorted(set(listed) - set(REGISTRY))}"
    ] * bool(set(listed) - set(REGISTRY)) + [f"twice: {dup}"] * bool(dup))

    # the man page's CHECK IDS: every registry id once, with its cause and
    # statuses
    man = read("doc", "certcheck.1")
    sec = man[man.index(".SH CHECK IDS"):man.index(".SH EXIT STATUS")]
    seen, bad = [], []
    for m in re.finditer(r"^\.B (\S+)\n([a-z' -]+); ([a-z, ]+)\.", sec,
                         re.M):
        seen.append(m[1])
        want = REGISTRY.get(m[1])
        # diagnose --log's comparison bears on the log's cause
        cause = "the log's cause" if m[1] in LOG_CAUSE else want and want[0]
        if want and (m[2] != cause or set(m[3].split(", ")) != want[1]):
            bad.append(f"{m[1]}: {m[2]}; {m[3]} (registry {want[0]}; "
                       f"{sorted(want[1])})")
    bad += [f"not in the man page: {i}" for i in sorted(set(REGISTRY) -
                                                          set(seen))]
    bad += [f"not registered: {i}" for i in sorted(set(seen) -
                                                   set(REGISTRY))]
    tally.verdict("man page: every check id with its cause and statuses", bad)

    # each row's statuses are the registry's (a row may list several ids)
    wrong = []
    for line in readme.splitlines():
        if not line.startswith("| `"):
            continue
        cells = line.split("|")
        ids = re.findall(ID, cells[1])
        said = set(re.findall(r"\b(ok|info|warn|fail|skip)\b", cells[2]))
        for i in ids:
            if i in REGISTRY and said and said != REGISTRY[i][1]:
                wrong.append(f"{i}: README {sorted(said)}, registry "
                             f"{sorted(REGISTRY[i][1])}")
    tally.verdict("README: each check id's statuses are the registry's",
                  wrong)

    # each row names the file that produces its id, and that file does
    header = read("include", "cc_checkid.h")
    header = header[header.index("#define CC_CHECKS(X)"):]
    rows = re.findall(
        r'X\((\w+), "[^"]+",.*?"((?:certcheck|crl|include)/[\w/]+\.[ch])"',
        header, re.S)
    tally.verdict("every registry row names the file that produces it", [
        f"{name}: {path}" for name, path in rows
        if not os.path.exists(os.path.join(ROOT, path)) or
        f"CC_CHECK_{name}" not in read(path)] + (
        [] if len(rows) == len(REGISTRY) else
        [f"{len(rows)} rows with a file, {len(REGISTRY)} ids"]))

    man = read("doc", "certcheck.1").replace("\\-", "-")
    options = set()
    for cmd in COMMANDS:
        out = subprocess.run([binary, cmd, "--help"], capture_output=True,
                             text=True, check=True).stdout
        have = set(re.findall(r"^\s+(?:-\w, )?--([a-z-]+)", out, re.M))
        options |= have
        probs = [f"--{o} not in the man page" for o in sorted(have)
                 if not re.search(rf"--{o}\b", man)]
        probs += [f"--{o} not in the README" for o in sorted(have)
                  if f"--{o}" not in readme]
        tally.verdict(f"{cmd} --help: every option documented", probs)
    # an option's entry: the line after .TP
    in_man = set(re.findall(r"^\.TP\n\.B[IR]? (?:-\w\S*\s+)?--([a-z-]+)", man,
                            re.M))
    tally.verdict("the man page documents only options the program has",
                  [f"--{o}" for o in sorted(in_man - options - {"version"})])
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
