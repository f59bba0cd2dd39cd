#!/usr/bin/env bash
# Every test suite, on one build: C++ unit tests, the example, and the installed-package consumer build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2
