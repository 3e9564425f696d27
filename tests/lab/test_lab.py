#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The strongSwan lab: for each scenario, a real charon gateway and road
warrior try to bring the tunnel up, and `certcheck diagnose --gateway
strongswan` is run on the same certificates from the gateway's namespace;
the test asserts that both agree (tunnel up <=> no root cause; refused <=>
the scenario's cause) and prints the table of evidence kept in
doc/gateway-profiles.md.

usage: test_lab.py CERTCHECK MKLABPKI [SCENARIO...]
"""
import contextlib
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "support"))
import lab  # noqa: E402
from scratch import scratch_dir  # noqa: E402
from spec import spec_problems  # noqa: E402

AT = "2026-06-01T12:00:00Z"
FAKETIME = "@2026-06-01 12:00:00"
GW_ID = "C=CH, O=Lab, CN=gw.lab.test"

# scenario, the gateway's remote.revocation, the road warrior's IKE
# identity (None: its subject), who refuses ("up", "gateway", "peer"),
# what charon's decisive line says (a substring), certcheck's root cause,
# and what else the scenario sets:
#   gw_ca      the files the gateway trusts (x509ca/; default ca.pem)
#   rw_ca      the files the road warrior has beside its own (x509ca/: its
#              intermediates, sent in IKE)
#   gw_remote  more lines of the gateway's remote section, and gw_x509
#              the files it names from x509/
#   rw_time    the road warrior's clock (libfaketime)
#   args       certcheck's arguments beyond --local/--peer/--ca (ca: the
#              --ca files, default gw_ca)
#   finding    a (check id, status) certcheck's report must have
#   gw_key     the gateway's private/ key (default gw.key)
#   rdn        the gateway's charon.rdn_matching (strongswan.conf)
#   options_cause  the root cause with options, when only the gateway's
#              configuration shows the cause (default: the same)
SCENARIOS = [
    ("healthy", "relaxed", None, "up", "established", None, {}),
    ("same-name-ca", "relaxed", None, "gateway",
     "no issuer certificate found for", "ca-mismatch", {}),
    ("peer-expired", "relaxed", None, "gateway",
     "subject certificate invalid", "validity", {}),
    ("peer-not-yet-valid", "relaxed", None, "gateway",
     "subject certificate invalid", "validity", {}),
    ("gw-expired", "relaxed", None, "peer",
     "subject certificate invalid", "validity", {}),
    ("ku-no-digitalsignature", "relaxed", None, "gateway",
     "rejecting certificate without digitalSignature", "wrong-certificate",
     {}),
    ("eku-serverauth-only", "relaxed", None, "up", "established", None,
     {"finding": ("pair.usage.eku", "info")}),
    ("ca-true-end-entity", "relaxed", None, "up", "established", None,
     {"finding": ("pair.usage.ca-certificate", "info")}),
    ("rsa-1024", "relaxed", None, "up", "established", None,
     {"finding": ("pair.key.weak-key", "info")}),
    ("sha1", "relaxed", None, "up", "established", None,
     {"finding": ("pair.key.weak-signature", "info")}),
    ("crl-unreachable", "relaxed", None, "up", "established", None,
     {"finding": ("crl.connect", "info")}),
    ("crl-unreachable", "ifuri", None, "gateway",
     "RULE_CRL_VALIDATION is FAILED", "crl-unreachable", {}),
    ("crl-unreachable", "strict", None, "gateway",
     "RULE_CRL_VALIDATION is FAILED", "crl-unreachable", {}),
    ("no-cdp", "ifuri", None, "up", "established", None, {}),
    ("no-cdp", "strict", None, "gateway",
     "RULE_CRL_VALIDATION is SKIPPED", "crl-unreachable",
     {"finding": ("crl.no-cdp", "fail")}),
    ("healthy", "relaxed", "email:nobody@lab.test", "gateway",
     "no trusted ECDSA public key found", "identity", {}),
    ("healthy", "relaxed", "fqdn:other.lab.test", "gateway",
     "no trusted ECDSA public key found", "identity", {}),
    # CRLs served from the gateway's side
    ("crl-good", "strict", None, "up", "established", None, {}),
    ("crl-revoked", "relaxed", None, "gateway", "certificate was revoked on",
     "revoked", {}),
    ("crl-stale", "strict", None, "gateway", "RULE_CRL_VALIDATION is",
     "crl-unreachable", {"finding": ("crl.freshness", "fail")}),
    ("crl-stale", "relaxed", None, "up", "established", None, {}),
    ("crl-other-key", "ifuri", None, "gateway", "RULE_CRL_VALIDATION is",
     "crl-unreachable", {"finding": ("crl.verify", "fail")}),
    ("crl-by-name", "strict", None, "up", "established", None,
     {"finding": ("crl.usable", "ok")}),
    ("crl-nxdomain", "ifuri", None, "gateway",
     "RULE_CRL_VALIDATION is FAILED", "crl-unreachable",
     {"finding": ("crl.dns", "fail")}),
    ("crl-nxdomain", "relaxed", None, "up", "established", None, {}),
    ("crl-timeout", "ifuri", None, "gateway",
     "RULE_CRL_VALIDATION is FAILED", "crl-unreachable",
     {"finding": ("crl.http", "fail")}),
    ("crl-no-answer", "ifuri", None, "gateway",
     "RULE_CRL_VALIDATION is FAILED", "crl-unreachable",
     {"finding": ("crl.connect", "fail")}),
    # OCSP: charon asks the responder of the peer's AIA first (its
    # revocation plugin, enable_ocsp), then its CRLs
    ("ocsp-good", "strict", None, "up", "established", None,
     {"finding": ("crl.usable", "ok")}),
    ("ocsp-revoked", "relaxed", None, "gateway", "certificate was revoked",
     "revoked", {}),
    # (an OCSP failure falls back to the CRLs, which fail for want of
    # any: charon's line names the CRL rule)
    ("ocsp-noeku", "ifuri", None, "gateway",
     "RULE_CRL_VALIDATION is FAILED", "crl-unreachable",
     {"finding": ("ocsp.verify", "fail")}),
    ("ocsp-noeku", "relaxed", None, "up", "established", None,
     {"finding": ("ocsp.verify", "info")}),
    ("ocsp-unreachable", "ifuri", None, "gateway",
     "RULE_CRL_VALIDATION is FAILED", "crl-unreachable",
     {"finding": ("ocsp.connect", "fail")}),
    ("ocsp-unreachable", "relaxed", None, "up", "established", None,
     {"finding": ("ocsp.connect", "info")}),
    # intermediates: what the peer sends is --untrusted
    ("intermediate-sent", "relaxed", None, "up", "established", None,
     {"rw_ca": ["im.pem"], "args": ["--untrusted", "im.pem"]}),
    ("intermediate-not-sent", "relaxed", None, "gateway",
     "no issuer certificate found for", "ca-mismatch", {}),
    # strongSwan 5.9.8 wants the path up to a self-signed root even when
    # the intermediate is trusted (pair.chain.root-missing agrees)
    ("intermediate-anchor", "relaxed", None, "gateway",
     "no issuer certificate found for", "ca-mismatch",
     {"gw_ca": ["im.pem"], "finding": ("pair.chain.root-missing", "fail")}),
    # the peer's clock three hours behind the gateway's
    ("peer-clock-behind", "relaxed", None, "peer",
     "subject certificate invalid", "validity",
     {"rw_time": "@2026-06-01 09:00:00", "args": ["--peer-skew", "-3h"]}),
    # the connection's own trust and pinning
    ("cacerts-other-ca", "relaxed", None, "gateway",
     "constraint check failed", "ca-mismatch",
     {"gw_ca": ["ca.pem", "other-ca.pem"],
      "gw_remote": "cacerts = other-ca.pem", "args": [],
      "ca": ["other-ca.pem"]}),
    # remote.id as an ID list of one entry: strongSwan's DN rules
    ("healthy", "relaxed", None, "up", "established", None,
     {"gw_remote": 'id = "C=CH, O=Lab, CN=*"',
      "idlist": "dn C=CH, O=Lab, CN=*"}),
    ("healthy", "relaxed", None, "gateway", "no matching peer config found",
     "idlist", {"gw_remote": 'id = "C=CH, O=Lab, CN=*.lab.test"',
                "idlist": "dn C=CH, O=Lab, CN=*.lab.test"}),
    # the certificate's CN is a UTF8String: case counts (identification.c,
    # compare_dn(): folded only between PrintableStrings)
    ("healthy", "relaxed", None, "gateway", "no matching peer config found",
     "idlist", {"gw_remote": 'id = "C=CH, O=Lab, CN=RW.lab.test"',
                "idlist": "dn C=CH, O=Lab, CN=RW.lab.test"}),
    # charon.rdn_matching: a remote.id with the RDNs in another order
    # matches under reordered, not under strict (identification.c)
    ("healthy", "relaxed", None, "up", "established", None,
     {"gw_remote": 'id = "CN=rw.lab.test, O=Lab, C=CH"', "rdn": "reordered",
      "idlist": "dn CN=rw.lab.test, O=Lab, C=CH"}),
    ("healthy", "relaxed", None, "gateway", "no matching peer config found",
     "idlist", {"gw_remote": 'id = "CN=rw.lab.test, O=Lab, C=CH"',
                "rdn": "strict", "idlist": "dn CN=rw.lab.test, O=Lab, C=CH"}),
    # the gateway's private/ holds another key than its certificate's
    ("healthy", "relaxed", None, "gateway", "no private key found for",
     "wrong-certificate", {"gw_key": "rw.key", "options_cause": None}),
    ("certs-pinned-old", "relaxed", None, "gateway",
     "signature validation failed", "wrong-certificate",
     {"gw_x509": ["rw-old.pem"], "gw_remote": "certs = rw-old.pem",
      "args": ["--expect-peer", "rw-old.pem"]}),
]

GW_CONF = """connections {{
  lab {{
    version = 2
    local_addrs = {gw}
    proposals = aes128-sha256-ecp256
    local {{
      auth = pubkey
      certs = own.pem
      id = "{gw_id}"
    }}
    remote {{
      auth = pubkey
      revocation = {revocation}
      {remote_extra}
    }}
    children {{
      net {{
        local_ts = 10.1.0.0/24
        esp_proposals = aes128-sha256
      }}
    }}
  }}
}}
"""

RW_CONF = """connections {{
  lab {{
    version = 2
    remote_addrs = {gw}
    proposals = aes128-sha256-ecp256
    local {{
      auth = pubkey
      certs = own.pem
      {local_id}
    }}
    remote {{
      auth = pubkey
      id = "{gw_id}"
    }}
    children {{
      net {{
        remote_ts = 10.1.0.0/24
        esp_proposals = aes128-sha256
      }}
    }}
  }}
}}
"""


# Connection selection: the gateway's connections (name, lines of the
# connection, lines of its remote section) in load order, and the one
# charon must select for the road warrior (its subject as IDi, its
# address 198.18.0.2); certcheck diagnose --swanctl --from must name the
# same (backend_manager.c: address and id scores, load order where neither
# is better on both; a connection the peer's authentication does not fit
# gives way to the next).
RW_SUBJECT_WILD = 'id = "C=CH, O=Lab, CN=*"'
SELECTIONS = [
    ("an id wildcard before an exact address: load order", [
        ("byid", "", RW_SUBJECT_WILD),
        ("byaddr", "remote_addrs = 198.18.0.2", ""),
    ], "byid"),
    ("the same two, the other order", [
        ("byaddr", "remote_addrs = 198.18.0.2", ""),
        ("byid", "", RW_SUBJECT_WILD),
    ], "byaddr"),
    ("better on both wins over load order", [
        ("any", "", ""),
        ("exact", "remote_addrs = 198.18.0.0/24", RW_SUBJECT_WILD),
    ], "exact"),
    ("the same id, the peer's own address before any", [
        ("wide", "", RW_SUBJECT_WILD),
        ("exact", "remote_addrs = 198.18.0.2", RW_SUBJECT_WILD),
    ], "exact"),
    # local_addrs: the gateway's own address (--to) puts a connection bound
    # to another one out
    ("a connection on another local address is out", [
        ("elsewhere", "local_addrs = 198.18.0.99", RW_SUBJECT_WILD),
        ("here", "local_addrs = 198.18.0.1", ""),
    ], "here"),
    ("an id that does not match puts a connection out", [
        ("other", "remote_addrs = 198.18.0.2",
         'id = "C=CH, O=Lab, CN=someone-else"'),
        ("any", "", ""),
    ], "any"),
    ("a pre-shared key connection gives way", [
        ("psk", "remote_addrs = 198.18.0.2", "auth = psk"),
        ("any", "", ""),
    ], "any"),
    # constraints checked after authentication: "unacceptable", the next
    ("a connection whose cacerts the peer's chain lacks gives way", [
        ("other", "remote_addrs = 198.18.0.2", "cacerts = other-ca.pem"),
        ("any", "", ""),
    ], "any", {"pki": "cacerts-other-ca", "ca": ["other-ca.pem"]}),
    ("a connection pinning another certificate gives way", [
        ("pinned", "remote_addrs = 198.18.0.2", "certs = rw-old.pem"),
        ("any", "", ""),
    ], "any", {"pki": "certs-pinned-old", "x509": ["rw-old.pem"]}),
    ("a connection whose cacerts the peer's chain has is kept", [
        ("mine", "remote_addrs = 198.18.0.2", "cacerts = ca.pem"),
        ("any", "", ""),
    ], "mine"),
    # remote.ca_id: a CA (by subject) the peer's chain must hold, whether
    # the gateway has it or the peer sends it (auth_cfg.c:853)
    ("a connection whose ca_id the peer's chain lacks gives way", [
        ("other", "remote_addrs = 198.18.0.2",
         'ca_id = "C=CH, O=Lab, CN=Lab Issuing CA"'),
        ("any", "", ""),
    ], "any"),
    ("a connection whose ca_id the peer's chain has is kept", [
        ("mine", "remote_addrs = 198.18.0.2",
         'ca_id = "C=CH, O=Lab, CN=Lab Root CA"'),
        ("any", "", ""),
    ], "mine"),
    # a name in remote_addrs: charon asks its resolver (the gateway's
    # dnsmasq here) and takes the first address it gets
    ("a name of the peer's address wins over any", [
        ("any", "", ""),
        ("byname", "remote_addrs = rw.lab.test", ""),
    ], "byname", {"dns": [("rw.lab.test", "198.18.0.2")]}),
    # (a name of several addresses is no case here: dnsmasq rotates them,
    # as seen here, so charon's choice changes from one lookup to the next)
    ("a name of another address is out", [
        ("other", "remote_addrs = other.lab.test", ""),
        ("any", "", ""),
    ], "any", {"dns": [("other.lab.test", "198.18.0.77")]}),
    # swanctl --load-conns refuses a connection one of whose files it cannot
    # read: charon never has it (certcheck: config.missing-file)
    ("a connection swanctl refuses (its cacerts file missing) is not had", [
        ("typo", "remote_addrs = 198.18.0.2", "cacerts = nosuch.pem"),
        ("any", "", ""),
    ], "any", {"refused": True}),
]


# Connection selection from ipsec.conf: starter reads it (also=, %default,
# auto=, rightid's default) and charon chooses; certcheck --ipsec-conf must
# name the conn charon selects.  (label, conns after the %default, the
# conns starter loads, charon's choice, the case's PKI extras)
IPSEC_DEFAULT = """config setup
conn %default
\tkeyexchange=ikev2
\tleft=198.18.0.1
\tleftcert=own.pem
\tleftid="C=CH, O=Lab, CN=gw.lab.test"
\tleftsubnet=10.1.0.0/24
\tright=%any
\tike=aes128-sha256-ecp256!
\tesp=aes128-sha256!
\tauto=add
"""
RW_WILD = 'rightid="C=CH, O=Lab, CN=*"'
IPSEC_SELECTIONS = [
    ("the later also= of a conn wins", f"""conn wild
\t{RW_WILD}
\tauto=ignore
conn other
\trightid="C=CH, O=Lab, CN=someone-else"
\tauto=ignore
conn first
\talso=other
\talso=wild
\tauto=add
conn second
""", ["first", "second"], "first"),
    ("the same also= the other way: the conn is out", f"""conn wild
\t{RW_WILD}
\tauto=ignore
conn other
\trightid="C=CH, O=Lab, CN=someone-else"
\tauto=ignore
conn first
\talso=wild
\talso=other
\tauto=add
conn second
""", ["first", "second"], "second"),
    ("rightid defaults to right, the peer's address", """conn exact
\tright=198.18.0.2
conn any
""", ["exact", "any"], "any"),
    ("a conn without auto=add is not loaded", f"""conn ignored
\tright=198.18.0.2
\t{RW_WILD}
\tauto=ignore
conn any
""", ["any"], "any"),
    ("rightca naming another CA gives way", """conn other
\tright=198.18.0.2
\trightid=%any
\trightca="C=CH, O=Lab, CN=Lab Partner CA"
conn any
""", ["other", "any"], "any", {"pki": "cacerts-other-ca",
                               "ca": ["other-ca.pem"]}),
    # stroke_config.c:478: "CA certificate ... not found, discarding CA
    # constraint"
    ("rightca naming no CA charon has: the constraint is dropped",
     """conn other
\tright=198.18.0.2
\trightid=%any
\trightca="C=CH, O=Lab, CN=No Such CA"
conn any
""", ["other", "any"], "other"),
]


# libreswan's pluto as the gateway (unpacked, lab.Pluto): its ipsec.conf
# and NSS database read by certcheck --ipsec-conf --nss-db must name the
# conn pluto ends on ("most refined is", else the conn of IKE_SA_INIT),
# or none when pluto finds none ("Peer ID ... mismatched"), and say
# ca-mismatch when pluto's certificate check fails on rightca.  (label,
# conns after the %default, pluto's conn or None, whether it
# authenticates the peer)
LSW_DEFAULT = """config setup
\tdnssec-enable=no
\tplutodebug=base
conn %default
\tleft=198.18.0.1
\tleftcert=gw
\tleftid=%fromcert
\tleftsubnet=10.1.0.0/24
\tright=%any
\trightid=%fromcert
\tike=aes128-sha2_256;dh19
\tesp=aes128-sha2_256
\tauthby=ecdsa
\tauto=add
"""
ROOT_CA = 'rightca="C=CH, O=Lab, CN=Lab Root CA"'
PARTNER_CA = 'rightca="C=CH, O=Lab, CN=Lab Partner CA"'
RSA_PEER = "\tauthby=rsasig,ecdsa\n\tleftauth=ecdsa\n\trightauth=rsasig\n"
LSW_SELECTIONS = [
    ("fewer wildcards win over %fromcert",
     'conn any\nconn wild\n\trightid="C=CH, O=Lab, CN=*"\n', "wild", True),
    ("two equals: the first loaded", "conn first\nconn second\n", "first",
     True),
    ("an exact id is taken at once, before a wildcard loaded later",
     'conn exact\n\trightid="C=CH, O=Lab, CN=rw.lab.test"\n'
     'conn wild\n\trightid="C=CH, O=Lab, CN=*"\n', "exact", True),
    ("an ECDSA peer skips a conn with rightca, even IKE_SA_INIT's",
     f"conn any\nconn mine\n\t{ROOT_CA}\n", "any", True),
    ("rightca on every conn: IKE_SA_INIT's stays, its CA the peer's",
     f"conn mine\n\t{ROOT_CA}\nconn other\n\t{PARTNER_CA}\n", "mine",
     True),
    ("rightca on every conn: IKE_SA_INIT's stays, its CA another",
     f"conn other\n\t{PARTNER_CA}\nconn mine\n\t{ROOT_CA}\n", "other",
     False),
    ("an identity no conn takes",
     'conn bob\n\trightid="C=CH, O=Lab, CN=bob"\n', None, False),
    ("a conn with a key given twice is not loaded",
     'conn any\nconn twice\n\trightid="C=CH, O=Lab, CN=*"\n'
     '\trightid="C=CH, O=Lab, CN=rw*"\n', "any", True),
    ("a conn whose rightauth its authby does not allow is not added",
     "conn strict\n\trightauth=rsasig\nconn any\n", "any", True),
    # an RSA peer: pluto knows its CA, and a conn whose rightca is it has
    # the shorter path (0 against 7 for none)
    ("an RSA peer: the conn whose rightca is its CA",
     f"conn any\n{RSA_PEER}conn mine\n\t{ROOT_CA}\n{RSA_PEER}", "mine",
     True, "rsa-1024"),
    ("an RSA peer: a conn whose rightca is another CA is out",
     f"conn other\n\t{PARTNER_CA}\n{RSA_PEER}conn any\n{RSA_PEER}", "any",
     True, "rsa-1024"),
]


def pluto_selects(pki, work, pair, conns, root):
    """The conn pluto ends on for the road warrior (None: none), whether
    it authenticated it, and its log."""
    gw = lab.Pluto(pair.gw, os.path.join(work, "gw"), FAKETIME, root)
    rw = lab.Charon(pair.rw, os.path.join(work, "rw"), FAKETIME)
    os.makedirs(gw.d, exist_ok=True)
    gw.nss(f"{pki}/gw.pem", f"{pki}/gw.key", [f"{pki}/ca.pem"])
    with open(os.path.join(gw.d, "ipsec.conf"), "w") as f:
        f.write(LSW_DEFAULT + conns)
    lab.swanctl_dir(rw.d, f"{pki}/rw.pem", f"{pki}/rw.key",
                    [f"{pki}/ca.pem"],
                    RW_CONF.format(gw=lab.GW_ADDR, gw_id=GW_ID, local_id=""))
    try:
        gw.start()
        rw.start()
        rw.swanctl("--load-all", "--noprompt")
        rw.swanctl("--initiate", "--ike", "lab", "--child", "net",
                   "--timeout", "15", timeout=30)
    finally:
        rw.stop()
        gw.stop()
    log = gw.log()
    refined = re.findall(r'most refined is "([^"]+)"', log)
    first = re.findall(r'^[^"|]*: "([^"]+)"\S* \S+ #\d+: processing '
                       r'decrypted IKE_AUTH', log, re.M)
    got = refined[-1] if refined else first[-1] if first else None
    # no conn takes the identity (peer_id.c:633, :692)
    if "mismatched on first found connection" in log or re.search(
            r"X509: authentication failed; peer .* does not match", log):
        got = None
    return got, bool(re.search(r"IKE_SA \S+ established", rw.log())), log


def charon_selects_ipsec(pki, work, pair, conns, loaded, opt):
    """The conn the gateway's charon, configured by starter from
    ipsec.conf, selects for the road warrior."""
    gw = lab.Starter(pair.gw, os.path.join(work, "gw"), FAKETIME,
                     opt["starter"])
    rw = lab.Charon(pair.rw, os.path.join(work, "rw"), FAKETIME)
    lab.ipsec_dir(gw.d, f"{pki}/gw.pem", f"{pki}/gw.key",
                  [f"{pki}/{f}" for f in ["ca.pem"] + opt.get("ca", [])],
                  IPSEC_DEFAULT + conns)
    lab.swanctl_dir(rw.d, f"{pki}/rw.pem", f"{pki}/rw.key",
                    [f"{pki}/ca.pem"],
                    RW_CONF.format(gw=lab.GW_ADDR, gw_id=GW_ID, local_id=""))
    try:
        gw.start(loaded)
        rw.start()
        r = rw.swanctl("--load-all", "--noprompt")
        if r.returncode:
            raise RuntimeError(f"swanctl --load-all: {r.stdout}{r.stderr}")
        rw.swanctl("--initiate", "--ike", "lab", "--child", "net",
                   "--timeout", "15", timeout=30)
    finally:
        rw.stop()
        gw.stop()
    names = re.findall(r"(?:selected|switching to) peer config '([^']+)'",
                       gw.log())
    return (names[-1] if names else None), gw.log()


def initiate(gw, rw, gw_refuses=False, before=None):
    """Starts both daemons, loads their configuration, lets the road
    warrior initiate, and stops both (their logs stay).  gw_refuses: the
    gateway's swanctl must fail to load a connection (and loads the
    others).  before: called once both are up, before the road warrior
    initiates (certcheck probe asks the gateway then)."""
    try:
        gw.start()
        rw.start()
        for c in (gw, rw):
            r = c.swanctl("--load-all", "--noprompt")
            if bool(r.returncode) != (gw_refuses and c is gw):
                raise RuntimeError(f"swanctl --load-all exit "
                                   f"{r.returncode}: {r.stdout}{r.stderr}")
        if before:
            before()
        rw.swanctl("--initiate", "--ike", "lab", "--child", "net",
                   "--timeout", "15", timeout=30)
    finally:
        rw.stop()
        gw.stop()


def selection_conf(conns):
    """The gateway's swanctl.conf of several connections."""
    out = "connections {\n"
    for name, extra, remote in conns:
        auth = "" if "auth =" in remote else "auth = pubkey"
        out += (f"  {name} {{\n    version = 2\n    {extra}\n"
                f"    proposals = aes128-sha256-ecp256\n"
                f"    local {{\n      auth = pubkey\n      certs = own.pem\n"
                f'      id = "{GW_ID}"\n    }}\n'
                f"    remote {{\n      {auth}\n      {remote}\n    }}\n"
                f"    children {{\n      net {{\n"
                f"        local_ts = 10.1.0.0/24\n"
                f"        esp_proposals = aes128-sha256\n      }}\n    }}\n"
                f"  }}\n")
    return out + "}\nsecrets {\n  ike-psk {\n    secret = lab\n  }\n}\n"


def charon_selects(pki, work, pair, conns, opt):
    """The connection the gateway's charon ends on for the road warrior:
    the last 'selected peer config' or 'switching to peer config'."""
    gw = lab.Charon(pair.gw, os.path.join(work, "gw"), FAKETIME)
    rw = lab.Charon(pair.rw, os.path.join(work, "rw"), FAKETIME)
    lab.swanctl_dir(gw.d, f"{pki}/gw.pem", f"{pki}/gw.key",
                    [f"{pki}/{f}" for f in ["ca.pem"] + opt.get("ca", [])],
                    selection_conf(conns),
                    [f"{pki}/{f}" for f in opt.get("x509", [])])
    lab.swanctl_dir(rw.d, f"{pki}/rw.pem", f"{pki}/rw.key",
                    [f"{pki}/ca.pem"],
                    RW_CONF.format(gw=lab.GW_ADDR, gw_id=GW_ID, local_id=""))
    initiate(gw, rw, opt.get("refused", False))
    names = re.findall(r"(?:selected|switching to) peer config '([^']+)'",
                       gw.log())
    return (names[-1] if names else None), gw.log()


CHARON_LINE = re.compile(r"^(\d+)\[([A-Z]+)\d?\] (?:<(?:([^|>]*)\|)?(\d+)> )?(.*)$")


def render_log(path):
    """The lines of charon's log at path as the other places charon logs
    to would have them: syslog, the journal of charon-systemd (journalctl
    -o short: no thread, no IKE_SA; -o json: both as fields) and
    strongSwan 6's JSON file logger; [(file, label)]."""
    forms = {"syslog": [], "journal": [], "journal.json": [],
             "charon.json": []}
    with open(path, errors="replace") as f:
        for n, line in enumerate(f):
            line = line.rstrip("\n")
            forms["syslog"].append(f"Jun  1 12:00:00 gw charon: {line}\n")
            m = CHARON_LINE.match(line)
            if not m:
                continue
            thread, group, name, sa, msg = m.groups()
            forms["journal"].append(
                f"Jun 01 12:00:00 gw charon-systemd[42]: {msg}\n")
            j = {"MESSAGE": msg, "THREAD": str(int(thread)),
                 "GROUP": group, "SYSLOG_IDENTIFIER": "charon-systemd",
                 "__REALTIME_TIMESTAMP": str(1780315200000000 + n)}
            c = {"thread": int(thread), "group": group, "level": 1}
            if sa:
                j["IKE_SA_UNIQUE_ID"] = c["ikesa-uniqueid"] = sa
                if name:
                    j["IKE_SA_NAME"] = c["ikesa-name"] = name
            c["msg"] = msg
            forms["journal.json"].append(json.dumps(j) + "\n")
            forms["charon.json"].append(json.dumps(c) + "\n")
    out = []
    for form, lines in forms.items():
        p = os.path.join(os.path.dirname(path), form)
        with open(p, "w") as g:
            g.writelines(lines)
        out.append((p, f"gateway, as {form}"))
    return out


def log_says(binary, work, who, cause):
    """What is wrong with certcheck log's reading of the scenario's logs:
    the gateway's must give charon's cause when the gateway refused (none
    when it did not, and log.peer-refused when the road warrior did, whose
    own log must then give the cause); the same lines as syslog writes
    them (syslog, the journal, JSON) must give the same."""
    problems = []

    def root(path, label):
        r = lab.run(binary, "log", path, "--format", "json", check=False,
                    timeout=60)
        try:
            rep = json.loads(r.stdout)
        except ValueError:
            problems.append(f"log {label}: exit {r.returncode}: {r.stderr}")
            return None, set()
        problems.extend(f"log {label}: {p}" for p in
                        spec_problems(rep, r.returncode, "log", []))
        return rep["root_cause"], {f["check"] for f in rep["findings"]}

    gw = os.path.join(work, "gw", "charon.log")
    forms = render_log(gw)
    want = cause if who == "gateway" else None
    for path, label in [(gw, "gateway")] + forms:
        got, checks = root(path, label)
        if got != want:
            problems.append(f"log {label}: root cause {got}, charon's "
                            f"{want}")
        if who == "peer" and "log.peer-refused" not in checks:
            problems.append(f"log {label}: no log.peer-refused")
    if who == "peer":
        got, _ = root(os.path.join(work, "rw", "charon.log"),
                      "road warrior")
        if got != cause:
            problems.append(f"log road warrior: root cause {got}, "
                            f"charon's {cause}")
    return problems


def probe_says(binary, pki, pair, gw, opt, cause, who, out):
    """certcheck probe from the road warrior's namespace, with only the
    gateway's address and what the road warrior holds (its certificate,
    its CA and the intermediates beside it): into out, the problems against charon's
    log (the CAs it sent certificate requests for) and the scenario
    (ca-mismatch where the gateway's trusted CAs refuse the road warrior,
    else none)."""
    before = len(gw.log())
    cmd = [binary, "probe", lab.GW_ADDR, "--peer", f"{pki}/rw.pem",
           "--timeout", "3", "--format", "json"]
    for f in ["ca.pem"] + opt.get("rw_ca", []):
        cmd += ["--untrusted", f"{pki}/{f}"]
    r = lab.run("ip", "netns", "exec", pair.rw, *cmd, check=False,
                timeout=60)
    time.sleep(0.2)  # charon's log lines of the exchange, flushed
    sent = re.findall(r'sending cert request for "([^"]+)"',
                      gw.log()[before:])
    try:
        rep = json.loads(r.stdout)
    except ValueError:
        out.append(f"probe: exit {r.returncode}: {r.stderr}")
        return
    out.extend(f"probe: {p}" for p in
               spec_problems(rep, r.returncode, "probe", []))
    asked = rep["probe"]["certreq"]
    if len(asked) != len(sent):
        out.append(f"probe: {len(asked)} certificate requests read, "
                   f"charon sent {len(sent)} ({sent})")
    # charon's IKE_SA_INIT names every CA it trusts (no connection is
    # chosen yet: ike_cert_pre.c): a connection's own remote.cacerts is
    # no probe's to see (cacerts-other-ca)
    want = cause if cause == "ca-mismatch" and who == "gateway" and \
        "gw_remote" not in opt else None
    if rep["root_cause"] != want:
        out.append(f"probe: root cause {rep['root_cause']}, the "
                   f"scenario's {want} (charon asks for {sent})")
    out.append(("rtt", rep["probe"]["rtt_ms"]))


# The probe's own gateways (the PKI of cacerts-other-ca: ca.pem, the road
# warrior's, and other-ca.pem): the change to GW_CONF, the CAs the gateway
# trusts, and what the probe must find: (check, status) and the error
# notify, or None.
PROBE_CASES = [
    ("one trusted CA, the road warrior's", None, ["ca.pem"],
     (("probe.certreq", "ok"), None)),
    ("two trusted CAs", None, ["other-ca.pem", "ca.pem"],
     (("probe.certreq", "ok"), None)),
    ("another CA only", None, ["other-ca.pem"],
     (("probe.certreq", "fail"), None)),
    ("no trusted CA: no certificate request", None, [],
     (("probe.certreq", "warn"), None)),
    ("send_certreq = no", ("version = 2", "version = 2\n    send_certreq = no"),
     ["ca.pem"], (("probe.certreq", "warn"), None)),
    ("proposals the probe does not offer",
     ("aes128-sha256-ecp256", "aes128-sha256-modp3072"), ["ca.pem"],
     (("probe.notify", "info"), "NO_PROPOSAL_CHOSEN")),
]


def probe_case(binary, pki, work, pair, edit, cas, want):
    """A gateway of GW_CONF (edit: (old, new) replaced in it) trusting
    cas, probed from the road warrior's namespace: the problems."""
    conf = GW_CONF.format(gw=lab.GW_ADDR, gw_id=GW_ID, revocation="relaxed",
                          remote_extra="")
    if edit:
        conf = conf.replace(*edit)
    gw = lab.Charon(pair.gw, os.path.join(work, "gw"), FAKETIME)
    lab.swanctl_dir(gw.d, f"{pki}/gw.pem", f"{pki}/gw.key",
                    [f"{pki}/{c}" for c in cas], conf)
    problems = []
    try:
        gw.start()
        r = gw.swanctl("--load-all", "--noprompt")
        if r.returncode:
            return [f"swanctl: {r.stdout}{r.stderr}"]
        r = lab.run("ip", "netns", "exec", pair.rw, binary, "probe",
                    lab.GW_ADDR, "--peer", f"{pki}/rw.pem", "--untrusted",
                    f"{pki}/ca.pem", "--ca", f"{pki}/other-ca.pem",
                    "--timeout", "3", "--format", "json", check=False,
                    timeout=60)
        time.sleep(0.2)
    finally:
        gw.stop()
    try:
        rep = json.loads(r.stdout)
    except ValueError:
        return [f"exit {r.returncode}: {r.stderr}"]
    problems += spec_problems(rep, r.returncode, "probe", [])
    have = {(f["check"], f["status"]) for f in rep["findings"]}
    if want[0] not in have:
        problems.append(f"no {want[0]}: {sorted(have)}")
    sent = re.findall(r'sending cert request for "([^"]+)"', gw.log())
    asked = [c["matches"] for c in rep["probe"]["certreq"]]
    if sorted(asked) != sorted(sent):
        problems.append(f"the probe read {asked}, charon sent {sent}")
    if want[1] and want[1] not in rep["probe"]["notify"]:
        problems.append(f"no {want[1]}: {rep['probe']['notify']}")
    if want[1] == "NO_PROPOSAL_CHOSEN" and (
            "received proposals unacceptable" not in gw.log() or
            "MODP_1024" not in gw.log()):
        problems.append("charon's log does not say it took no proposal, "
                        "the classic groups' try included")
    return problems


def charon_says(pki, work, pair, revocation, local_id, opt, probe=None):
    """Brings the tunnel up (or not); charon's verdict and decisive line.
    probe: called with the gateway once it is up (probe_says())."""
    gw = lab.Charon(pair.gw, os.path.join(work, "gw"), FAKETIME,
                    f"rdn_matching = {opt['rdn']}" if "rdn" in opt else "",
                    ocsp=os.path.exists(os.path.join(pki, "index.txt")))
    rw = lab.Charon(pair.rw, os.path.join(work, "rw"),
                    opt.get("rw_time", FAKETIME))
    lab.swanctl_dir(gw.d, f"{pki}/gw.pem",
                    f"{pki}/{opt.get('gw_key', 'gw.key')}",
                    [f"{pki}/{f}" for f in opt.get("gw_ca", ["ca.pem"])],
                    GW_CONF.format(gw=lab.GW_ADDR, gw_id=GW_ID,
                                   revocation=revocation,
                                   remote_extra=opt.get("gw_remote", "")),
                    [f"{pki}/{f}" for f in opt.get("gw_x509", [])])
    lab.swanctl_dir(rw.d, f"{pki}/rw.pem", f"{pki}/rw.key",
                    [f"{pki}/{f}" for f in ["ca.pem"] + opt.get("rw_ca", [])],
                    RW_CONF.format(gw=lab.GW_ADDR, gw_id=GW_ID,
                                   local_id=f'id = "{local_id.split(":", 1)[1]}"'
                                   if local_id else ""))
    initiate(gw, rw, before=probe and (lambda: probe(gw)))
    return lab.verdict(gw.log(), rw.log()), gw.log(), rw.log()


def certcheck_says(binary, pki, pair, revocation, local_id, opt, work,
                   swanctl=None):
    """certcheck diagnose from the gateway's namespace: with the scenario's
    options, or (swanctl) reading the gateway's own swanctl.conf, given
    only what no gateway configuration holds (the peer's certificate, what
    it sends, its clock, its IDi), and the gateway's log."""
    cmd = ["ip", "netns", "exec", pair.gw, binary, "diagnose",
           "--peer", f"{pki}/rw.pem", "--at", AT, "--timeout", "3",
           "--format", "json"]
    if swanctl:
        cmd += ["--swanctl", swanctl]
        if "rdn" in opt:
            cmd += ["--strongswan-conf",
                    os.path.join(work, "gw", "strongswan.conf")]
        args = opt.get("args", [])
        for i, a in enumerate(args):
            if a == "--expect-peer" or (i and args[i - 1] == "--expect-peer"):
                continue  # remote.certs says it
            cmd.append(f"{pki}/{a}" if a.endswith(".pem") else a)
        if local_id:
            cmd += ["--peer-id", local_id]
        # and the gateway's log beside the checks (diagnose --log)
        cmd += ["--log", os.path.join(work, "gw", "charon.log")]
        r = lab.run(*cmd, check=False, timeout=60)
        if r.returncode not in (0, 1):
            raise RuntimeError(f"certcheck exited {r.returncode}: "
                               f"{r.stderr}")
        return r.returncode, json.loads(r.stdout)
    cmd += ["--local", f"{pki}/gw.pem"]
    for f in opt.get("ca", opt.get("gw_ca", ["ca.pem"])):
        cmd += ["--ca", f"{pki}/{f}"]
    for a in opt.get("args", []):
        cmd.append(f"{pki}/{a}" if a.endswith(".pem") else a)
    if "idlist" in opt:
        # the gateway's one connection, remote.id its one entry; no
        # profile line: --gateway strongswan gives strongSwan's rules
        path = os.path.join(work, "remote-id.conf")
        with open(path, "w") as f:
            if "rdn" in opt:
                f.write(f"profile strongswan rdn_matching={opt['rdn']}\n")
            f.write(f"tunnel lab idlist=remote\nidlist remote\n"
                    f"  {opt['idlist']}\n")
        cmd += ["--idlist", path]
    cmd += ["--gateway", "strongswan", "--revocation", revocation]
    if local_id:
        cmd += ["--peer-id", local_id]
    r = lab.run(*cmd, check=False, timeout=60)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"certcheck exited {r.returncode}: {r.stderr}")
    return r.returncode, json.loads(r.stdout)


def main():
    binary, mklabpki = sys.argv[1], sys.argv[2]
    only = set(sys.argv[3:])
    why = lab.missing()
    if why:
        print(f"SKIP: the strongSwan lab cannot run here: {why}")
        return 77
    work = scratch_dir("certcheck-lab-")
    pkis = os.path.join(work, "pki")
    lab.run(mklabpki, pkis)
    rows, bad, rtts = [], 0, []
    for n, (name, rev, local_id, who, line, cause, opt) in \
            enumerate(SCENARIOS):
        if only and name not in only:
            continue
        pki = os.path.join(pkis, name)
        sw = os.path.join(work, f"{n}-{name}-{rev}")
        with lab.Pair(f"{os.getpid() % 10000}x{n}") as pair:
            lab.resolv_conf(pair)
            try:
                with contextlib.ExitStack() as stack:
                    stack.enter_context(lab.Dns(pair.gw))
                    stack.enter_context(lab.HangServer(pair.gw))
                    if os.path.exists(os.path.join(pki, "ca.crl")):
                        stack.enter_context(lab.CrlServer(pair.gw, pki))
                    if os.path.exists(os.path.join(pki, "index.txt")):
                        stack.enter_context(
                            lab.OcspServer(pair.gw, pki, FAKETIME))
                    probed = []
                    (got_who, got_line), gwlog, rwlog = charon_says(
                        pki, sw, pair, rev, local_id, opt,
                        lambda gw: probe_says(binary, pki, pair, gw, opt,
                                              cause, who, probed))
                    rc, rep = certcheck_says(binary, pki, pair, rev,
                                             local_id, opt, sw)
                    src, srep = certcheck_says(
                        binary, pki, pair, rev, local_id, opt, sw,
                        os.path.join(sw, "gw", "swanctl", "swanctl.conf"))
            finally:
                lab.resolv_conf(pair, remove=True)
        root = rep.get("root_cause")
        problems = spec_problems(rep, rc, "diagnose", [])
        # the logs alone: certcheck log names charon's cause
        problems += log_says(binary, sw, got_who, cause)
        # the live gateway, asked from the road warrior's side
        problems += [p for p in probed if not isinstance(p, tuple)]
        rtts += [p[1] for p in probed if isinstance(p, tuple) and p[1]]
        if rep["gateway"] != {"profile": "strongswan", "revocation": rev,
                              "from": "option"}:
            problems.append(f"gateway member {rep['gateway']}")
        if got_who != who or line not in got_line:
            problems.append(f"charon: {got_who} '{got_line}', the scenario "
                            f"says {who} '{line}'")
        if root != opt.get("options_cause", cause):
            problems.append(f"certcheck's root cause {root}, the scenario "
                            f"says {opt.get('options_cause', cause)}")
        have = {(f["check"], f["status"]) for f in rep["findings"]}
        if opt.get("finding") and tuple(opt["finding"]) not in have:
            problems.append(f"no finding {opt['finding']}; have "
                            f"{sorted(have)}")
        # the same from the gateway's own swanctl.conf (--swanctl)
        problems += [f"--swanctl: {p}" for p in
                     spec_problems(srep, src, "diagnose", [])]
        if srep.get("root_cause") != cause:
            problems.append(f"--swanctl: root cause "
                            f"{srep.get('root_cause')}, the scenario says "
                            f"{cause}")
        # --log: where the gateway refused, its log confirms the checks
        schecks = {f["check"] for f in srep["findings"]}
        if got_who == "gateway" and ("log.confirms" not in schecks or
                                     "log.disagrees" in schecks):
            problems.append("--swanctl --log: the log does not confirm "
                            f"the checks ({sorted(schecks)})")
        if srep["gateway"] != {"profile": "strongswan", "revocation": rev,
                               "from": "config"}:
            problems.append(f"--swanctl: gateway member {srep['gateway']}")
        label = f"{name} (revocation={rev}" + \
            (f", IDi {local_id}" if local_id else "") + \
            (f", {opt['gw_remote']}" if "gw_remote" in opt else "") + \
            (f", private/ holds {opt['gw_key']}" if "gw_key" in opt
             else "") + \
            (f", rdn_matching = {opt['rdn']}" if "rdn" in opt else "") + ")"
        rows.append((label, got_line or "(nothing decisive)", root or "none",
                     srep.get("root_cause") or "none"))
        print(f"{'ok  ' if not problems else 'FAIL'} {label}")
        for p in problems:
            bad += 1
            print(f"     {p}")
        if problems and os.environ.get("LAB_VERBOSE"):
            print("---- gateway log\n" + gwlog[-3000:])
            print("---- road warrior log\n" + rwlog[-3000:])
    # connection selection (the healthy PKI unless the case says)
    sel_rows = []
    for n, (label, conns, want, *more) in enumerate(SELECTIONS):
        if only and "selection" not in only:
            continue
        opt = more[0] if more else {}
        pki = os.path.join(pkis, opt.get("pki", "healthy"))
        sw = os.path.join(work, f"sel{n}")
        with lab.Pair(f"{os.getpid() % 10000}s{n}") as pair:
            lab.resolv_conf(pair)
            dns = lab.Dns(pair.gw, opt["dns"]) if "dns" in opt else \
                contextlib.nullcontext()
            try:
                with dns:
                    got, gwlog = charon_selects(pki, sw, pair, conns, opt)
                    conf = os.path.join(sw, "gw", "swanctl",
                                        "swanctl.conf")
                    # with names, they are looked up as charon did
                    r = lab.run("ip", "netns", "exec", pair.gw, binary,
                                "diagnose", "--swanctl", conf, "--peer",
                                f"{pki}/rw.pem", "--from", lab.RW_ADDR,
                                "--to", lab.GW_ADDR, "--at", AT,
                                *(["--timeout", "3"] if "dns" in opt
                                  else ["--no-network"]),
                                "--format", "json", check=False, timeout=60)
            finally:
                lab.resolv_conf(pair, remove=True)
        problems = []
        if got != want:
            problems.append(f"charon selected {got}, the case says {want}")
        try:
            rep = json.loads(r.stdout)
        except ValueError:
            rep = None
        if rep:
            named = [f["evidence"]["connection"] for f in rep["findings"]
                     if f["check"] == "config.connection"]
            refused = [f["evidence"]["connection"] for f in rep["findings"]
                       if f["check"] == "config.missing-file"]
            problems += spec_problems(rep, r.returncode, "diagnose", [])
        else:
            named = [f"exit {r.returncode}: {r.stderr.strip()}"]
            refused = []
        if named != [got]:
            problems.append(f"certcheck names {named}, charon {got}")
        if refused != (["typo"] if opt.get("refused") else []):
            problems.append(f"config.missing-file for {refused}")
        sel_rows.append((label, got))
        print(f"{'ok  ' if not problems else 'FAIL'} selection: {label} "
              f"(charon: {got})")
        for p in problems:
            bad += 1
            print(f"     {p}")
        if problems and os.environ.get("LAB_VERBOSE"):
            print("---- gateway log\n" + gwlog[-4000:])

    # the same from ipsec.conf, through starter
    for n, (label, conns, loaded, want, *more) in \
            enumerate(IPSEC_SELECTIONS):
        if only and "ipsec" not in only:
            continue
        starter, why = lab.starter(
            os.path.dirname(os.path.abspath(binary)), work)
        if not starter:
            print(f"SKIP ipsec.conf: {label} ({why})")
            continue
        opt = dict(more[0] if more else {}, starter=starter)
        pki = os.path.join(pkis, opt.get("pki", "healthy"))
        sw = os.path.join(work, f"ipsec{n}")
        with lab.Pair(f"{os.getpid() % 10000}i{n}") as pair:
            got, gwlog = charon_selects_ipsec(pki, sw, pair, conns, loaded,
                                              opt)
            r = lab.run("ip", "netns", "exec", pair.gw, binary, "diagnose",
                        "--ipsec-conf", os.path.join(sw, "gw", "ipsec.conf"),
                        "--peer", f"{pki}/rw.pem", "--from", lab.RW_ADDR,
                        "--to", lab.GW_ADDR, "--at", AT, "--no-network",
                        "--format", "json", check=False, timeout=60)
        problems = [] if got == want else [
            f"charon selected {got}, the case says {want}"]
        try:
            rep = json.loads(r.stdout)
            named = [f["evidence"]["connection"] for f in rep["findings"]
                     if f["check"] == "config.connection"]
            problems += spec_problems(rep, r.returncode, "diagnose", [])
        except ValueError:
            named = [f"exit {r.returncode}: {r.stderr.strip()}"]
        if named != [got]:
            problems.append(f"certcheck names {named}, charon {got}")
        sel_rows.append((f"ipsec.conf: {label}", got))
        print(f"{'ok  ' if not problems else 'FAIL'} ipsec.conf: {label} "
              f"(charon: {got})")
        for p in problems:
            bad += 1
            print(f"     {p}")
        if problems and os.environ.get("LAB_VERBOSE"):
            print("---- gateway log\n" + gwlog[-4000:])

    # the probe against gateways set up for it: what charon asks for and
    # what it accepts, each compared with charon's own log
    for n, (label, edit, cas, want) in enumerate(PROBE_CASES):
        if only and "probe" not in only:
            continue
        pki = os.path.join(pkis, "cacerts-other-ca")
        sw = os.path.join(work, f"probe{n}")
        with lab.Pair(f"{os.getpid() % 10000}q{n}") as pair:
            problems = probe_case(binary, pki, sw, pair, edit, cas, want)
        print(f"{'ok  ' if not problems else 'FAIL'} probe: {label}")
        for p in problems:
            bad += 1
            print(f"     {p}")

    # libreswan's ipsec.conf, through pluto
    root, why = lab.libreswan(os.path.dirname(os.path.abspath(binary)))
    for n, (label, conns, want, auth, *pki_name) in \
            enumerate(LSW_SELECTIONS):
        if only and "libreswan" not in only:
            continue
        if not root:
            print(f"SKIP libreswan: {label} ({why})")
            continue
        pki = os.path.join(pkis, pki_name[0] if pki_name else "healthy")
        sw = os.path.join(work, f"lsw{n}")
        with lab.Pair(f"{os.getpid() % 10000}l{n}") as pair:
            got, up, gwlog = pluto_selects(pki, sw, pair, conns, root)
            r = lab.run("ip", "netns", "exec", pair.gw, binary, "diagnose",
                        "--ipsec-conf", os.path.join(sw, "gw", "ipsec.conf"),
                        "--nss-db", os.path.join(sw, "gw", "nss"),
                        "--peer", f"{pki}/rw.pem", "--from", lab.RW_ADDR,
                        "--to", lab.GW_ADDR, "--at", AT, "--no-network",
                        "--format", "json", check=False, timeout=60)
        problems = [] if (got, up) == (want, auth) else [
            f"pluto ends on {got} (authenticated: {up}), the case says "
            f"{want} ({auth})"]
        try:
            rep = json.loads(r.stdout)
            checks = {f["check"]: f for f in rep["findings"]}
            named = [f["evidence"]["connection"] for f in rep["findings"]
                     if f["check"] == "config.connection"]
            problems += spec_problems(rep, r.returncode, "diagnose", [])
            if got is None and "config.no-connection" not in checks:
                problems.append("no config.no-connection")
            if got is not None and named != [got]:
                problems.append(f"certcheck names {named}, pluto {got}")
            if up != (rep["root_cause"] is None):
                problems.append(f"root cause {rep['root_cause']}, pluto "
                                f"authenticated: {up}")
        except ValueError:
            problems.append(f"exit {r.returncode}: {r.stderr.strip()}")
        # pluto's own log: the two refusals its cases make are the
        # identity no conn takes (x509.c:657) and the rightca another
        # (keys.c:362)
        want_log = None if auth else "idlist" if want is None \
            else "ca-mismatch"
        r = lab.run(binary, "log", os.path.join(sw, "gw", "pluto.log"),
                    "--format", "json", check=False, timeout=60)
        try:
            rep = json.loads(r.stdout)
            problems += [f"log: {p}" for p in
                         spec_problems(rep, r.returncode, "log", [])]
            if rep["root_cause"] != want_log:
                problems.append(f"log of pluto: root cause "
                                f"{rep['root_cause']}, pluto's {want_log}")
        except ValueError:
            problems.append(f"log: exit {r.returncode}: {r.stderr.strip()}")
        sel_rows.append((f"libreswan: {label}", got))
        print(f"{'ok  ' if not problems else 'FAIL'} libreswan: {label} "
              f"(pluto: {got})")
        for p in problems:
            bad += 1
            print(f"     {p}")
        if problems and os.environ.get("LAB_VERBOSE"):
            print("---- gateway log\n" + "\n".join(
                ln for ln in gwlog.splitlines() if "rhc:" in ln or
                "| " not in ln)[-6000:])

    if rtts:
        rtts.sort()
        print(f"certcheck probe against charon on the lab's veth: median "
              f"{rtts[len(rtts) // 2]:.1f} ms, slowest {rtts[-1]:.1f} ms "
              f"({len(rtts)} probes; the goal: under 100 ms)")
    print("\n| scenario | charon's decisive log line | certcheck's root "
          "cause, with options | with --swanctl |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r[0]} | `{r[1]}` | {r[2]} | {r[3]} |")
    for r in sel_rows:
        print(f"| selection: {r[0]} | `selected peer config '{r[1]}'` | "
              f"| {r[1]} (config.connection) |")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
