#!/usr/bin/env bash
# The main job on the bundled data: does switching to Qwen save $400,000 a year for this workload, and what
# would running the open weights on our own GPUs cost instead?
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh . >&2
infercost compare examples/scenarios/qwen_switch.yaml
echo
infercost selfhost cost examples/scenarios/selfhost_qwen.yaml
