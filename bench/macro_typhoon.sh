#!/usr/bin/env bash
# Macro benchmark: the whole `riskgrid run` of the typhoon drill at 1,000 replicas, I/O included
# (loading, fitting, simulating, HDF5 and PNG), timed with /usr/bin/time. Usage:
#   bench/macro_typhoon.sh [build dir, default build/release] [threads ...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shift || true
threads=("${@:-1 2}")
bin=$build/bin/riskgrid
[[ -x $bin ]] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 2; }
"$bin" run scenarios/putuo/typhoon.yaml --quiet --replicas 10 --out /tmp/riskgrid-warmup >/dev/null  # history on first run
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for t in ${threads[@]}; do
  for rep in 1 2 3; do
    /usr/bin/time -f "threads=$t run=$rep wall=%es maxrss=%MKB" \
      "$bin" run scenarios/putuo/typhoon.yaml --quiet --replicas 1000 --threads "$t" --out /tmp/riskgrid-bench >/dev/null
  done
done
