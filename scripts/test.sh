#!/usr/bin/env bash
# Every test suite: the package is built and installed once, and the same build tree serves the C++ tests, the
# C++ example, the installed-package consumer build and the Python tests. Then the C++ suites again under
# AddressSanitizer + UndefinedBehaviorSanitizer and ThreadSanitizer, and a short run of every fuzzing harness
# (README "Hardening"); each of those builds is made once and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh ".[test]"
bash scripts/setup-system.sh --browser --sanitizers
export INFERCOST_REQUIRE_BROWSER=1  # the report page is checked in a real browser, not skipped
ctest --test-dir build/py --output-on-failure -j2
python3 -m pytest tests/python -q -p no:cacheprovider
python3 -m pytest tests/data_audit -q -p no:cacheprovider
cmake --preset sanitize >/dev/null && cmake --build --preset sanitize
cmake --preset tsan >/dev/null && cmake --build --preset tsan
# Any sanitizer report fails the run (-fno-sanitize-recover, halt_on_error).
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 build/sanitize/tests/cpp/infercost_tests
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 build/sanitize/tests/cpp/infercost_concurrency_tests
TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/cpp/infercost_concurrency_tests
INFERCOST_FUZZ_SEED="${INFERCOST_FUZZ_SEED:-1}" bash scripts/fuzz.sh "${INFERCOST_FUZZ_SECONDS:-6}"
