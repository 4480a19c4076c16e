#!/usr/bin/env bash
# From a fresh clone to a risk heat map: install dependencies, build Release, run the typhoon drill on
# the embedded Putuo district, print the top-10 grids and the path of the heat map.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
build/release/bin/riskgrid run scenarios/putuo/typhoon.yaml "$@"
