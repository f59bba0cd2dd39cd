#!/usr/bin/env bash
# The main job on the bundled data: does switching to Qwen save $400,000 a year for this workload?
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh . >&2
infercost compare examples/scenarios/qwen_switch.yaml
