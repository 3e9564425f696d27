#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer harnesses (clang, ASan+UBSan) and runs each for
# SECONDS (default 60) on corpora seeded from the test PKI, PKITS and the
# ID-list examples.  Fails on any crash, leak or sanitizer report; prints
# every harness's executions.
#
# usage: scripts/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
CC=clang cmake -S . -B build-fuzz -DCC_FUZZ=ON -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
pki=build-fuzz/testpki
seeds=build-fuzz/fuzz-seeds
rm -rf "$seeds"
mkdir -p "$seeds/load" "$seeds/crl" "$seeds/idlist" "$seeds/dn" \
	"$seeds/args" "$seeds/cdp" "$seeds/ldap" "$seeds/redirect" \
	"$seeds/settings" "$seeds/ipsecconf" "$seeds/ocsp" "$seeds/log" \
	"$seeds/ike"
find "$pki" -type f \( -name '*.pem' -o -name '*.der' -o -name '*.p7?' \
	-o -name '*.p12' \) | head -200 | while read -r f; do
	cp "$f" "$seeds/load/$(echo "$f" | tr / _)"
	cp "$f" "$seeds/cdp/$(echo "$f" | tr / _)"
done
cp tests/data/pkits/certs/*.crt "$seeds/cdp/" 2>/dev/null || true
cp tests/data/pkits/crls/*.crl "$seeds/crl/"
printf 'tunnel A idlist=L\nidlist L\n  dn C=SE, O=Example\\, Inc, CN=*\n  email *@x.example\n  fqdn *.x.example\n  ip 10.0.0.0/8\n' >"$seeds/idlist/1"
printf 'profile strongswan rdn_matching=relaxed\ntunnel A remote=192.0.2.0/24 idlist=L\ntunnel B\nidlist L\n  dn CN=a+UID=b, O=x\n  ip 10.0.0.1-10.0.0.9\n' >"$seeds/idlist/2"
printf 'C=SE, O=Example Corp, OU=Sales, CN=bob\nO=example corp, OU=*' >"$seeds/dn/1"
printf 'CN=a\\, b+UID=x, DC=corp\nCN=*, DC=corp' >"$seeds/dn/2"
for a in 2026-11-26T17:00:00Z @1795712400 -2h 1h30m 192.0.2.0/24 \
	fec0::1-fec0::5 'dn:C=SE, CN=x' fqdn:vpn.example.com \
	'http://user:pw@crl.example:8080/a.crl' 'ldap:///CN=CA,DC=corp,DC=example?x'; do
	printf '%s' "$a" >"$seeds/args/$(printf '%s' "$a" | md5sum | cut -c1-8)"
done
printf 'DN: cn=CA,dc=corp\n\tcertificateRevocationList;binary:: %s\n\n' \
	"$(base64 -w0 tests/data/pkits/crls/GoodCACRL.crl)" >"$seeds/ldap/1"
printf 'http://crl.example/a.crl\n/b.crl\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n' >"$seeds/redirect/1"
printf 'http://crl.example/a/b.crl\n../c.crl?x#y\nDate: Thu, 26 Nov 2026 17:00:00 GMT\r\n' >"$seeds/redirect/2"
printf 'https://u:p@crl.example:8443/a.crl\nldap://[::1]:389/cn=CA?certificateRevocationList\nDate: garbage\r\n' >"$seeds/redirect/3"
printf 'http://crl.example/a.crl\nfile:///etc/passwd\nDate:\n' >"$seeds/redirect/4"
printf 'http://crl.example/a.crl\n//other.example:80/x\nServer: x\r\n' >"$seeds/redirect/5"
printf 'connections {\n  base { version = 2 }\n  rw : connections.base {\n    remote_addrs = 10.0.0.0/8, %%any # c\n    remote { auth = pubkey\n      id = "C=CH, CN=\\"*\\""\n      cacerts = a.pem,b.pem }\n  }\n}\ninclude conf.d/*.conf\nsecrets { }\n' >"$seeds/settings/1"
printf 'a = "x\\\ny\\tz"\nb =\nc = one two\n' >"$seeds/settings/2"
printf 'config setup\n\tstrictcrlpolicy=ifuri\n\nconn %%default\n\tleftcert=gw.pem\n\tauto=add\n\nconn base\n\tright=%%any\n\trightid="C=SE, CN=*"\n\nconn rw\n\talso=base\n\trightca=%%same\n\tesp=aes128 # c\n\nca root\n\tcacert=root.pem\n\tcrluri=http://crl.example/a.crl\n\tauto=add\ninclude conns/*.conf\n' >"$seeds/ipsecconf/1"
printf 'version 2\nconn a\n\talso=b\nconn b\n\talso=a\n\tauto=add\n' >"$seeds/ipsecconf/2"
# OCSP: the five error statuses, and real responses openssl ocsp makes
for st in 1 2 3 5 6; do
	printf '\060\003\012\001\00%s' "$st" >"$seeds/ocsp/status$st"
done
(
	d=build-fuzz/ocsp-seed && rm -rf "$d" && mkdir -p "$d" && cd "$d" &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -subj /CN=CA -keyout ca.key -out ca.pem -days 9 &&
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -subj /CN=leaf -keyout leaf.key -out leaf.csr &&
		openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key \
			-set_serial 2 -out leaf.pem -days 9 &&
		printf 'V\t301231000000Z\t\t02\tunknown\t/CN=leaf\n' >index.txt &&
		for n in nonce no_nonce; do
			openssl ocsp -issuer ca.pem -cert leaf.pem -$n \
				-reqout "req-$n.der" &&
				openssl ocsp -index index.txt -CA ca.pem \
					-rsigner ca.pem -rkey ca.key \
					-reqin "req-$n.der" -respout "../fuzz-seeds/ocsp/$n"
		done
) >/dev/null 2>&1 || echo "fuzz.sh: no OCSP seeds made by openssl" >&2
printf '10[CFG] <lab|1> no issuer certificate found for "C=CH, CN=rw"\n10[CFG] <lab|1>   issuer is "C=CH, CN=CA"\n10[IKE] <lab|1> no trusted ECDSA public key found for '"'"'C=CH, CN=rw'"'"'\n' >"$seeds/log/1"
printf 'Jun  1 12:00:00 gw charon: 05[NET] <lab|2> received packet: from 198.18.0.2[500] to 198.18.0.1[500]\n05[LIB] <lab|2> libcurl request failed [6]: x\n05[CFG] <lab|2> constraint check failed: RULE_CRL_VALIDATION is FAILED, but requires at least SKIPPED\n09[IKE] <lab|3> IKE_SA lab[3] established between a...b\n11[ENC] <lab|3> parsed INFORMATIONAL request 2 [ N(AUTH_FAILED) ]\n' >"$seeds/log/2"
status=0
printf '{"MESSAGE":"no issuer certificate found for \\"C=CH\\"","IKE_SA_UNIQUE_ID":"4","THREAD":"9","__REALTIME_TIMESTAMP":"1780315200000000"}\n{"thread":3,"group":"IKE","ikesa-uniqueid":"5","msg":"IKE_SA x[5] established between"}\nDec 03 05:31:51 gw charon-systemd[1]: received packet: from 10.0.0.2[500] to 10.0.0.1[500]\n[IKE] parsed IKE_SA_INIT request 0\n' >"$seeds/log/3"
printf 'Jun  1 12:00:00.1: "bob"[1] 198.18.0.2 #1: X509: authentication failed; peer ID_DER_ASN1_DN '"'"'CN=rw,C=CH'"'"' does not match expected '"'"'CN=bob'"'"'\nERROR: "c"[2] 10.0.0.9 #4: NSS: ERROR: IPsec certificate CN=x invalid: SEC_ERROR_UNKNOWN_ISSUER: y\nEvent[0]:\n  Date: 2026-12-03T05:31:51.123\n  Event ID: 4653\n\tNetwork Address:\t10.0.0.7\n\tFailure Reason:\tIKE authentication credentials are unacceptable\nCoId={x}: error code 13806.\n10.1.1.1 IKE ID_FQDN vpn No public key found\n' >"$seeds/log/4"
# an IKE_SA_INIT answer as charon sends it (SA, KE, Nonce, CERTREQ, N,
# V) and a COOKIE notify alone
python3 - "$seeds/ike" <<'PY'
import struct, sys
def msg(items):
    body = b""
    for k, (t, d) in enumerate(items):
        nxt = items[k + 1][0] if k + 1 < len(items) else 0
        body += struct.pack("!BBH", nxt, 0, 4 + len(d)) + d
    return b"S" * 8 + b"R" * 8 + struct.pack("!BBBBII", items[0][0], 0x20,
                                             34, 0x20, 0, 28 + len(body)) + body
xf = struct.pack("!BBHBBHHH", 3, 0, 12, 1, 0, 12, 0x800e, 128) + \
    struct.pack("!BBHBBH", 0, 0, 8, 4, 0, 19)
sa = struct.pack("!BBHBBBB", 0, 0, 8 + len(xf), 1, 1, 0, 2) + xf
open(sys.argv[1] + "/1", "wb").write(msg([
    (33, sa), (34, struct.pack("!HH", 19, 0) + b"\1" * 64), (40, b"\2" * 32),
    (38, b"\4" + b"\x11" * 40), (41, struct.pack("!BBH", 0, 0, 16431) +
                                  b"\0\2\0\3"),
    (43, bytes.fromhex("882fe56d6fd20dbc2251613b2ebe5beb"))]))
open(sys.argv[1] + "/2", "wb").write(msg([
    (41, struct.pack("!BBH", 0, 0, 16390) + b"C" * 16)]))
PY

for h in load crl idlist dn args cdp ldap redirect settings ipsecconf ocsp log ike; do
	mkdir -p "tests/fuzz/regressions/$h"
	mkdir -p "build-fuzz/corpus/$h"
	log="build-fuzz/fuzz_$h.log"
	if ! ASAN_OPTIONS=detect_leaks=1 "build-fuzz/tests/fuzz/fuzz_$h" \
		-max_total_time="$secs" -print_final_stats=1 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="build-fuzz/crash-$h-" \
		"build-fuzz/corpus/$h" "$seeds/$h" "tests/fuzz/regressions/$h" \
		>"$log" 2>&1; then
		echo "fuzz_$h: FAILED (see $log)"
		tail -30 "$log"
		status=1
	fi
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
	echo "fuzz_$h: $execs executions in ${secs}s"
done
exit $status
