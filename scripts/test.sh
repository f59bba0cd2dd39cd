#!/usr/bin/env bash
# Every test suite on one build: the package is built and installed once, and the same build tree serves the
# C++ tests, the C++ example, the installed-package consumer build and the Python tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh ".[test]"
bash scripts/setup-system.sh --browser
export INFERCOST_REQUIRE_BROWSER=1  # the report page is checked in a real browser, not skipped
ctest --test-dir build/py --output-on-failure -j2
python3 -m pytest tests/python -q -p no:cacheprovider
python3 -m pytest tests/data_audit -q -p no:cacheprovider
