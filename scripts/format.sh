#!/bin/sh
# SPDX-License-Identifier: MIT
# The code's layout is .clang-format's (clang-format 14, Debian bookworm's).
#   sh scripts/format.sh           reformat every C file in place
#   sh scripts/format.sh --check   say which files differ; exit 1 if any
set -eu
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$cf" ]; then
	echo "format.sh: clang-format not found (apt-get install clang-format)" >&2
	exit 2
fi
# tracked files and new ones not yet added (git's ignores apply)
files=$(git ls-files --cached --others --exclude-standard '*.c' '*.h')
if [ "${1:-}" = "--check" ]; then
	bad=0
	for f in $files; do
		if ! "$cf" --dry-run --Werror "$f" 2>/dev/null; then
			echo "format.sh: $f is not as .clang-format lays it out" \
				"(sh scripts/format.sh)" >&2
			bad=1
		fi
	done
	exit $bad
fi
"$cf" -i $files
