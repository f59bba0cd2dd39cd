#!/usr/bin/env bash
# The main job on the bundled data: does switching to Qwen save $400,000 a year for this workload?
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
python3 -m pip install --quiet --disable-pip-version-check . -C build-dir=build/py
infercost compare examples/scenarios/qwen_switch.yaml
