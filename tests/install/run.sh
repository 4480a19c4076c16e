#!/usr/bin/env bash
# find_package(riskgrid) from another project: installs the build tree into a temporary prefix, builds
# tests/install/consumer against it and runs it on the typhoon sweep (3 runs). Usage: run.sh BUILD SOURCE
set -euo pipefail
build_dir=$1
source_dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build_dir" --prefix "$tmp/prefix" >/dev/null
cmake -S "$source_dir/tests/install/consumer" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/build" >/dev/null
"$tmp/build/consumer" "$source_dir/scenarios/putuo/typhoon_sweep.yaml"
