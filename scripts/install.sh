#!/usr/bin/env bash
# Builds and installs the Python package (and with it the C++ library, tests and example) from this checkout.
# The build tree build/py is kept, so later runs only rebuild what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
python3 -m pip install --quiet --disable-pip-version-check "${1:-.}" \
  -C build-dir=build/py \
  -C cmake.define.INFERCOST_BUILD_TESTS=ON \
  -C cmake.define.INFERCOST_BUILD_EXAMPLES=ON \
  -C cmake.define.INFERCOST_WARNINGS_AS_ERRORS=ON
