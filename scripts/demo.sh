#!/bin/sh
# SPDX-License-Identifier: MIT
# Sets everything up, then runs `certcheck diagnose` on the bundled demo: a
# VPN gateway whose root CA was re-created with the same name, and a peer
# whose certificate comes from the new one.  Exit code 1 is the verdict.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cd build/testpki/demo
echo "\$ certcheck diagnose --local gw.pem --peer alice.p12 --password-file password.txt \\"
echo "      --ca root.pem --untrusted issuing.pem --peer-skew -5m --no-network --at 2026-06-01T12:00:00Z"
../../certcheck diagnose --local gw.pem --peer alice.p12 \
	--password-file password.txt --ca root.pem --untrusted issuing.pem \
	--peer-skew -5m --no-network --at 2026-06-01T12:00:00Z || [ $? -eq 1 ]
