#!/bin/sh
# SPDX-License-Identifier: MIT
# Times `certcheck pair` (both directions, validity at two clocks, usage and
# key checks) against `openssl verify` (one chain, one direction) on the
# same RSA-2048 and ECDSA P-256 chains, interleaved in one hyperfine run,
# and prints the ratio of the medians and of the peak memory; with valgrind
# also the ratio of instructions executed (callgrind: the same count run
# after run, where a 12 ms median moves by 20% with the machine's load).
#
# usage: bench/pair-vs-openssl.sh [BUILD_DIR]   (default: build)
# needs: hyperfine, GNU time (apt-get install hyperfine time)
set -eu
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
cc="$build/certcheck"
pki="$build/testpki"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for kind in rsa healthy; do
	d="$pki/$kind"
	ours="$cc pair --local $d/gw.pem --peer $d/alice.pem --ca $d/root.pem --untrusted $d/issuing.pem --at 2026-06-01T12:00:00Z -q"
	theirs="openssl verify -attime 1780315200 -CAfile $d/root.pem -untrusted $d/issuing.pem $d/alice.pem"
	# both must run as intended, or the timing means nothing
	$ours >/dev/null
	$theirs >/dev/null
	hyperfine -N --warmup 20 --runs 300 --export-json "$out/$kind.json" \
		-n certcheck "$ours" -n openssl "$theirs" >/dev/null
	mem_ours=$(/usr/bin/time -f %M $ours 2>&1 >/dev/null | tail -1)
	mem_theirs=$(/usr/bin/time -f %M $theirs 2>&1 >/dev/null | tail -1)
	ins_ours=0 ins_theirs=0
	if command -v valgrind >/dev/null; then
		ins_ours=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			$ours 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
		ins_theirs=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			$theirs 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
	fi
	python3 - "$out/$kind.json" "$kind" "$mem_ours" "$mem_theirs" \
		"$ins_ours" "$ins_theirs" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
a, b = res["certcheck"]["median"], res["openssl"]["median"]
name = {"rsa": "RSA-2048", "healthy": "ECDSA P-256"}[sys.argv[2]]
mo, mt = int(sys.argv[3]), int(sys.argv[4])
io, it = int(sys.argv[5] or 0), int(sys.argv[6] or 0)
print(f"{name:12} certcheck pair {a*1000:6.2f} ms, openssl verify {b*1000:6.2f} ms: "
      f"time ratio {a/b:.2f}; peak memory {mo} KiB vs {mt} KiB: ratio {mo/mt:.2f}"
      + (f"; instructions {io/1e6:.1f} M vs {it/1e6:.1f} M: ratio {io/it:.2f}"
         if io and it else ""))
PY
done
