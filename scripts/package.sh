#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the Debian package certcheck_VERSION_ARCH.deb into build-deb/:
# a Release build with the prefix /usr (the network module's folder is
# compiled in), packed by CPack, its Depends found by dpkg-shlibdeps.
# Prints the package's path.
#
# usage: scripts/package.sh
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF >/dev/null
cmake --build build-deb -j"$(nproc)" >/dev/null
(cd build-deb && rm -f certcheck_*.deb && cpack -G DEB >/dev/null)
ls "$PWD"/build-deb/certcheck_*.deb
