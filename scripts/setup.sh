#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what certcheck needs to build and test (Debian bookworm), then
# configures and builds it in ./build.  Safe to run again.
set -eu
cd "$(dirname "$0")/.."

# (the last line: the package test's lintian, completion and man page;
# the HTML report's browser)
PKGS="build-essential cmake pkg-config libssl-dev libjson-c-dev check
      libcurl4-openssl-dev libc-ares-dev python3 openssl
      dnsmasq-base slapd ldap-utils libnss3-tools
      lintian bash-completion man-db chromium"
# the strongSwan lab (tests/lab): charon and swanctl without the system
# service strongswan-starter would start, hence no recommends
LAB="strongswan-charon strongswan-swanctl libstrongswan-standard-plugins
     libstrongswan-extra-plugins libcharon-extra-plugins faketime iproute2
     libcurl3-nss libevent-core-2.1-7 libevent-pthreads-2.1-7 libldns3
     libunbound8 libcap-ng0 libaudit1 dns-root-data"
# (the last line: what libreswan's pluto needs to run unpacked)
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
lab_missing=""
for p in $LAB; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		lab_missing="$lab_missing $p"
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ -n "$missing$lab_missing" ]; then
	echo "certcheck: installing$missing$lab_missing" >&2
	$SUDO apt-get update -qq
fi
if [ -n "$missing" ]; then
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
if [ -n "$lab_missing" ]; then
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $lab_missing
fi

mkdir -p build
# unpack PACKAGE DIR WHAT: Debian's PACKAGE unpacked into build/DIR,
# never installed; WHAT is what goes missing when it cannot be
unpack() {
	if (cd build && apt-get download "$1" >/dev/null 2>&1 &&
		dpkg-deb -x "$1"_*.deb "$2" && rm -f "$1"_*.deb); then
		echo "certcheck: unpacked $1 into build/$2" >&2
	else
		echo "certcheck: could not unpack $1: $3" >&2
	fi
}
# the lab's ipsec.conf gateway needs strongSwan's starter and its stroke
# plugin (installed, strongswan-starter would start a system service)
[ -x /usr/lib/ipsec/starter ] || [ -x build/starter/usr/lib/ipsec/starter ] ||
	unpack strongswan-starter starter \
		"the lab's ipsec.conf cases will be skipped"
# promtool, which checks the Prometheus format in the tests (installed,
# prometheus would start a server)
command -v promtool >/dev/null || [ -x build/prometheus/usr/bin/promtool ] ||
	unpack prometheus prometheus \
		"promtool's check of the Prometheus format will be skipped"
# the lab's libreswan gateway: pluto (Debian's libreswan conflicts with
# strongSwan's)
[ -x build/libreswan/usr/libexec/ipsec/pluto ] ||
	unpack libreswan libreswan "the lab's libreswan cases will be skipped"

echo "certcheck: building (log: build/build.log)" >&2
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
	cmake --build build -j"$(nproc)"; } >build/build.log 2>&1; then
	tail -40 build/build.log >&2
	echo "certcheck: the build failed (build/build.log)" >&2
	exit 1
fi
