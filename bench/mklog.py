#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a large strongSwan log for the `certcheck log` benchmark.

usage: bench/mklog.py FILE [NEGOTIATIONS] [SIZE_MB]
       (defaults: 100000 negotiations, 1024 MB)

Lines as charon 5.9.8's file logger writes them under syslog (the lab's
real log of a healthy negotiation is the model), each negotiation an
IKE_SA of its own unique id, eight at a time interleaved as a busy
gateway's threads interleave them; one in ten fails, its refusal one of
the table's (no issuer, validity, CRL unreachable, revoked, no config,
identity).  Each negotiation is padded with the CHILD_SA and kernel lines
of a real one until the file reaches SIZE_MB.  Deterministic: the same
arguments give the same file.
"""
import sys

RW = "C=CH, O=Lab, CN=rw{n}.lab.test"
HEAD = [
    "NET] <{n}> received packet: from 198.18.{a}.{b}[500] to 198.18.0.1[500] (272 bytes)",
    "ENC] <{n}> parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]",
    "CFG] <{n}> looking for an IKEv2 config for 198.18.0.1...198.18.{a}.{b}",
    "CFG] <{n}> found matching ike config: 198.18.0.1...%any with prio 1052",
    "IKE] <{n}> 198.18.{a}.{b} is initiating an IKE_SA",
    "CFG] <{n}> selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
    "IKE] <{n}> sending cert request for \"C=CH, O=Lab, CN=Lab Root CA\"",
    "ENC] <{n}> generating IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) CERTREQ N(FRAG_SUP) N(HASH_ALG) N(CHDLESS_SUP) N(MULT_AUTH) ]",
    "NET] <{n}> sending packet: from 198.18.0.1[500] to 198.18.{a}.{b}[500] (305 bytes)",
    "NET] <{n}> received packet: from 198.18.{a}.{b}[4500] to 198.18.0.1[4500] (944 bytes)",
    "ENC] <{n}> parsed IKE_AUTH request 1 [ IDi CERT N(INIT_CONTACT) CERTREQ IDr AUTH SA TSi TSr N(MOBIKE_SUP) N(NO_ADD_ADDR) N(EAP_ONLY) N(MSG_ID_SYN_SUP) ]",
    "IKE] <{n}> received cert request for \"C=CH, O=Lab, CN=Lab Root CA\"",
    "IKE] <{n}> received end entity cert \"" + RW + "\"",
    "CFG] <{n}> looking for peer configs matching 198.18.0.1[C=CH, O=Lab, CN=gw.lab.test]...198.18.{a}.{b}[" + RW + "]",
    "CFG] <{n}>   candidate \"lab\", match: 20/1/1052 (me/other/ike)",
    "CFG] <lab|{n}> selected peer config 'lab'",
]
OK = [
    "CFG] <lab|{n}>   using certificate \"" + RW + "\"",
    "CFG] <lab|{n}>   using trusted ca certificate \"C=CH, O=Lab, CN=Lab Root CA\"",
    "CFG] <lab|{n}>   reached self-signed root ca with a path length of 0",
    "CFG] <lab|{n}> checking certificate status of \"" + RW + "\"",
    "CFG] <lab|{n}> certificate status is not available",
    "IKE] <lab|{n}> authentication of '" + RW + "' with ECDSA_WITH_SHA256_DER successful",
    "IKE] <lab|{n}> authentication of 'C=CH, O=Lab, CN=gw.lab.test' (myself) with ECDSA_WITH_SHA256_DER successful",
    "IKE] <lab|{n}> IKE_SA lab[{n}] established between 198.18.0.1[C=CH, O=Lab, CN=gw.lab.test]...198.18.{a}.{b}[" + RW + "]",
    "IKE] <lab|{n}> scheduling rekeying in 14026s",
    "CFG] <lab|{n}> selected proposal: ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ",
    "IKE] <lab|{n}> CHILD_SA net{{{n}}} established with SPIs c0c683df_i ced77bc5_o and TS 10.1.0.0/24 === 198.18.{a}.{b}/32",
    "ENC] <lab|{n}> generating IKE_AUTH response 1 [ IDr CERT AUTH SA TSi TSr N(MOBIKE_SUP) N(ADD_4_ADDR) ]",
    "NET] <lab|{n}> sending packet: from 198.18.0.1[4500] to 198.18.{a}.{b}[4500] (736 bytes)",
]
PAD = [
    "KNL] <lab|{n}> adding SAD entry with SPI c0c683df and reqid {{{n}}}",
    "KNL] <lab|{n}>   using encryption algorithm AES_CBC with key size 128",
    "KNL] <lab|{n}>   using integrity algorithm HMAC_SHA2_256_128 with key size 256",
    "KNL] <lab|{n}> adding policy 10.1.0.0/24 === 198.18.{a}.{b}/32 out",
    "CFG] <lab|{n}>  config: 10.1.0.0/24, received: 10.1.0.0/24 => match: 10.1.0.0/24",
]
FAIL = [
    ["CFG] <lab|{n}> no issuer certificate found for \"" + RW + "\"",
     "CFG] <lab|{n}>   issuer is \"C=CH, O=Lab, CN=Lab Root CA\""],
    ["CFG] <lab|{n}> subject certificate invalid (valid from Apr 27 12:00:00 2025 to May 22 12:00:00 2026)"],
    ["LIB] <lab|{n}> libcurl request failed [6]: Could not resolve host: crl.lab.test",
     "CFG] <lab|{n}> constraint check failed: RULE_CRL_VALIDATION is FAILED, but requires at least SKIPPED"],
    ["CFG] <lab|{n}> certificate was revoked on May 30 12:00:00 UTC 2026, reason: key compromise"],
    ["CFG] <lab|{n}> no matching peer config found"],
    [],
]
END = [
    "IKE] <lab|{n}> no trusted ECDSA public key found for '" + RW + "'",
    "ENC] <lab|{n}> generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
    "NET] <lab|{n}> sending packet: from 198.18.0.1[4500] to 198.18.{a}.{b}[4500] (80 bytes)",
]


def negotiation(n, pad):
    """The message lines of IKE_SA n (without thread and time)."""
    a, b = (n >> 8) % 256, n % 256
    if n % 10 == 7:
        body = HEAD + FAIL[(n // 10) % len(FAIL)] + END
    else:
        body = HEAD + OK + PAD * pad
    body.append("IKE] <lab|{n}> IKE_SA lab[{n}] state change: "
                "ESTABLISHED => DESTROYING")
    return [x.format(n=n, a=a, b=b) for x in body]


def main():
    path = sys.argv[1]
    negos = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    size = (int(sys.argv[3]) if len(sys.argv) > 3 else 1024) << 20
    # the padding that brings the file to its size, from one sample
    sample = sum(len(x) + 25 for x in negotiation(1, 0))
    pad = max(0, (size // negos - sample) //
              sum(len(x) + 25 for x in PAD))
    with open(path, "w") as f:
        for first in range(1, negos + 1, 8):
            group = [negotiation(n, pad)
                     for n in range(first, min(first + 8, negos + 1))]
            out = []
            for i in range(max(len(g) for g in group)):
                for k, g in enumerate(group):
                    if i < len(g):
                        s = (first // 8) % 86400
                        out.append(f"Jun  1 {s // 3600:02d}:"
                                   f"{s // 60 % 60:02d}:{s % 60:02d} "
                                   f"gw charon: {(k + 1):02d}[{g[i]}\n")
            f.write("".join(out))


if __name__ == "__main__":
    main()
