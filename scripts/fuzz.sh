#!/usr/bin/env bash
# Runs every libFuzzer harness (tests/fuzz) for a given time, on seed corpora of real files.
#   scripts/fuzz.sh [seconds per harness] [harness ...]     e.g. scripts/fuzz.sh 600 litellm catalog
# Needs the `sanitize` build (cmake --preset sanitize && cmake --build --preset sanitize). The corpora grow in
# build/fuzz/corpus/<harness> and are reused by later runs; a crash, a sanitizer report, a leak, an input slower
# than 10 s or one that takes more than 2 GB stops that harness, leaves the input in build/fuzz/crashes/ and
# makes the script fail. scripts/test.sh runs it for a few seconds per harness with a fixed seed
# (INFERCOST_FUZZ_SEED; 0, the default, draws one).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
bin=build/sanitize/tests/fuzz
work="${INFERCOST_FUZZ_DIR:-build/fuzz}"
# The Python harness of the usage-log readers runs where atheris is installed (pip install atheris).
python_harnesses=()
python3 -c "import atheris, infercost" 2>/dev/null && python_harnesses=(usage_logs)
if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in "$bin"/fuzz_*; do harnesses+=("$(basename "$f" | sed 's/^fuzz_//')"); done
  harnesses+=("${python_harnesses[@]}")
fi
[ ${#harnesses[@]} -gt 0 ] && { [ -x "$bin/fuzz_${harnesses[0]}" ] || [ "${harnesses[0]}" = usage_logs ]; } || {
  echo "no fuzzing harnesses in $bin: build them with 'cmake --preset sanitize && cmake --build --preset sanitize'" >&2
  exit 2
}

# Seed files of each harness, from the bundled data, the examples and the test fixtures.
seed() {
  local corpus="$1"; shift
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$(dirname "$f")")-$(basename "$f")"; done
  return 0
}
# The hardware harness reads its first byte as the file to replace (tests/fuzz/fuzz_hardware.cpp).
seed_hardware() {
  local corpus="$1" i=0
  for f in pricing/gpus.yaml pricing/engines.yaml pricing/efficiency.yaml pricing/owned.yaml; do
    { printf "\\x$(printf %02x $i)"; cat "$f"; } > "$corpus/seed-$(basename "$f")"
    i=$((i + 1))
  done
  for f in pricing/clouds/*.yaml; do { printf '\x04'; cat "$f"; } > "$corpus/seed-cloud-$(basename "$f")"; done
  for f in pricing/models/*.yaml; do { printf '\x05'; cat "$f"; } > "$corpus/seed-model-$(basename "$f")"; done
}
# Usage logs and cost reports, each behind the byte that picks its reader (tests/fuzz/fuzz_usage_logs.py).
seed_usage_logs() {
  python3 - "$1" <<'EOF'
import os, sys
sys.path.insert(0, "tests/fuzz")
from fuzz_usage_logs import READERS
from infercost.exports import detect_format
for name in sorted(os.listdir("tests/data/usage")):
    path = os.path.join("tests/data/usage", name)
    if not os.path.isfile(path) or name.endswith(".md"):
        continue
    fmt = "csv" if name == "canonical.csv" else detect_format(path)
    with open(path, "rb") as f, open(os.path.join(sys.argv[1], "seed-" + name), "wb") as out:
        out.write(bytes([READERS.index(fmt)]) + f.read())
EOF
}
# Log rows as the replay harness decodes them: 11 little-endian 8-byte fields per row.
seed_replay() {
  python3 - "$1" <<'EOF'
import struct, sys
rows = [(1_780_000_000 + 3600 * i, 3600, 3000 + 7 * i, 900, 0, 400, 0, 0, i % 3, 1 + i % 5, (i % 7) | (i % 4) << 16)
        for i in range(40)]
for name, flags in (("plain", 0), ("buckets", 1), ("tiers", 2), ("limits", 4)):
    first = list(rows[0]); first[0] = first[0] - first[0] % 8 + flags
    data = struct.pack("<11q", *first) + b"".join(struct.pack("<11q", *r) for r in rows[1:])
    open(f"{sys.argv[1]}/seed-{name}", "wb").write(data)
EOF
}

mkdir -p "$work/crashes"
failed=()
printf '%-14s %10s %10s %8s %8s  %s\n' harness seconds executions exec/s coverage result
for h in "${harnesses[@]}"; do
  corpus="$work/corpus/$h"
  mkdir -p "$corpus"
  case "$h" in
    catalog) seed "$corpus" pricing/api/*.yaml tests/data/catalog/api/*.yaml ;;
    scenario) seed "$corpus" examples/scenarios/*.yaml ;;
    policy) seed "$corpus" examples/policies/*.yaml ;;
    overlay) seed "$corpus" tests/fuzz/seeds/overlay/*.yaml ;;
    hardware) seed_hardware "$corpus" ;;
    hf_config) seed "$corpus" tests/data/*config*.json ;;
    litellm) seed "$corpus" tests/data/litellm_*.json ;;
    openrouter) seed "$corpus" tests/data/openrouter_*.json ;;
    genai_prices) seed "$corpus" tests/data/genai_prices_*.json ;;
    replay) seed_replay "$corpus" ;;
    usage_logs) seed_usage_logs "$corpus" ;;
  esac
  if [ "$h" = usage_logs ]; then run=(python3 tests/fuzz/fuzz_usage_logs.py); else run=("$bin/fuzz_$h"); fi
  log="$work/$h.log"
  rc=0
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" UBSAN_OPTIONS="print_stacktrace=1" \
    "${run[@]}" -max_total_time="$seconds" -seed="${INFERCOST_FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/crashes/$h-" "$corpus" > "$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
  if [ "$rc" -eq 0 ]; then result=ok; else result="FAILED (exit $rc): see $log"; failed+=("$h"); fi
  printf '%-14s %10s %10s %8s %8s  %s\n' "$h" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found a problem in: ${failed[*]}; the inputs are in $work/crashes/" >&2
  for h in "${failed[@]}"; do grep -m1 -B2 -A25 'ERROR\|==ERROR\|runtime error\|deadly signal\|uncaught' "$work/$h.log" >&2 || tail -30 "$work/$h.log" >&2; done
  exit 1
fi
