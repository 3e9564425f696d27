#!/bin/sh
# SPDX-License-Identifier: MIT
# Sets everything up, builds, and runs every test (Check suites, PKITS,
# the CLI integration tests) with ctest.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cd build
ctest --output-on-failure
