#!/usr/bin/env bash
# Every test suite on one build: the Python package is built and installed once (pip, through CMake), and the
# same build tree serves the C++ tests, the example and the installed-package consumer build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
python3 -m pip install --quiet --disable-pip-version-check ".[test]" \
  -C build-dir=build/py \
  -C cmake.define.INFERCOST_BUILD_TESTS=ON \
  -C cmake.define.INFERCOST_BUILD_EXAMPLES=ON \
  -C cmake.define.INFERCOST_WARNINGS_AS_ERRORS=ON
ctest --test-dir build/py --output-on-failure -j2
python3 -m pytest tests/python -q -p no:cacheprovider
