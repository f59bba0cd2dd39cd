#!/usr/bin/env bash
# Installs the system packages the C++ build needs (Debian/Ubuntu). Does nothing when they are present.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config libeigen3-dev libyaml-cpp-dev libfmt-dev nlohmann-json3-dev doctest-dev)
# --browser: also a headless browser and fonts, which the tests open the report page in.
# --sanitizers: also clang 16 with its sanitizer and libFuzzer runtimes (the `sanitize` and `tsan` presets).
for arg in "$@"; do
  case "$arg" in
    --browser) packages+=(chromium fonts-dejavu-core) ;;
    --sanitizers) packages+=(clang-16 libclang-rt-16-dev) ;;
    *) echo "setup-system.sh: unknown option $arg (use --browser, --sanitizers)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
