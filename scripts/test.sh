#!/usr/bin/env bash
# Every test suite on one build: the package is built and installed once, and the same build tree serves the
# C++ tests, the C++ example, the installed-package consumer build and the Python tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh ".[test]"
ctest --test-dir build/py --output-on-failure -j2
python3 -m pytest tests/python -q -p no:cacheprovider
python3 -m pytest tests/data_audit -q -p no:cacheprovider
