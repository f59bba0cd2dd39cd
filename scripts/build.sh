#!/usr/bin/env bash
# Configures (once) and builds the C++ library, tests and examples into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINFERCOST_WARNINGS_AS_ERRORS=ON
fi
cmake --build build -j2
