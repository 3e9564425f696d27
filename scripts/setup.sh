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
# the lab's ipsec.conf gateway needs strongSwan's starter and its stroke
# plugin: unpacked into build/starter (installed, strongswan-starter
# would start a system service); without them those cases are skipped
if [ ! -x /usr/lib/ipsec/starter ] &&
	[ ! -x build/starter/usr/lib/ipsec/starter ]; then
	if (cd build && apt-get download strongswan-starter >/dev/null 2>&1 &&
		dpkg-deb -x strongswan-starter_*.deb starter &&
		rm -f strongswan-starter_*.deb); then
		echo "certcheck: unpacked strongswan-starter into build/starter" >&2
	else
		echo "certcheck: could not unpack strongswan-starter: the" \
			"lab's ipsec.conf cases will be skipped" >&2
	fi
fi

# promtool, which checks the Prometheus format in the tests: unpacked
# from Debian's prometheus into build/prometheus (installed, it would
# start a server); without it the tests' own parser checks alone
if ! command -v promtool >/dev/null &&
	[ ! -x build/prometheus/usr/bin/promtool ]; then
	if (cd build && apt-get download prometheus >/dev/null 2>&1 &&
		dpkg-deb -x prometheus_*.deb prometheus &&
		rm -f prometheus_*.deb); then
		echo "certcheck: unpacked promtool into build/prometheus" >&2
	else
		echo "certcheck: could not unpack prometheus: promtool's" \
			"check of the Prometheus format will be skipped" >&2
	fi
fi

# the lab's libreswan gateway: pluto unpacked into build/libreswan
# (Debian's libreswan conflicts with strongSwan's, so it is never
# installed); without it those cases are skipped
if [ ! -x build/libreswan/usr/libexec/ipsec/pluto ]; then
	if (cd build && apt-get download libreswan >/dev/null 2>&1 &&
		dpkg-deb -x libreswan_*.deb libreswan &&
		rm -f libreswan_*.deb); then
		echo "certcheck: unpacked libreswan into build/libreswan" >&2
	else
		echo "certcheck: could not unpack libreswan: the lab's" \
			"libreswan cases will be skipped" >&2
	fi
fi

echo "certcheck: building (log: build/build.log)" >&2
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
	cmake --build build -j"$(nproc)"; } >build/build.log 2>&1; then
	tail -40 build/build.log >&2
	echo "certcheck: the build failed (build/build.log)" >&2
	exit 1
fi
