#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes the Debian package's changelog.gz (a native package's one entry
# for this version), dated by the last commit (else a fixed date), so the
# same source gives the same package.
#
# usage: scripts/changelog.sh VERSION OUT
set -eu
version=$1
out=$2
when=$(git -C "$(dirname "$0")/.." log -1 --format=%cD 2>/dev/null ||
	echo "Tue, 01 Dec 2026 00:00:00 +0000")
{
	printf 'certcheck (%s) unstable; urgency=medium\n\n' "$version"
	printf '  * Release %s.\n\n' "$version"
	printf ' -- certcheck authors <certcheck@example.org>  %s\n' "$when"
} | gzip -9n >"$out"
