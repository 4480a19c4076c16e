#!/usr/bin/env bash
# Install dependencies, build with tests (warnings are errors in CI), run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
preset=dev
[[ -n "${CI:-}" ]] && preset=ci
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)" "$@"
