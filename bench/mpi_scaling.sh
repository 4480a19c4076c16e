#!/usr/bin/env bash
# Replicas per second of `riskgrid run` (the typhoon drill) against MPI ranks and threads per rank,
# with a check that every combination writes the same results.h5 (h5diff, `created` aside). Needs a
# build with MPI:
#   cmake --preset bench -DRISKGRID_WITH_MPI=ON && cmake --build build/bench --target riskgrid
#   bench/mpi_scaling.sh [build dir, default build/bench] [replicas, default 2000] [ranks list] [threads list]
# e.g. bench/mpi_scaling.sh build/bench 2000 "1 2" "1 2". Replicas per second counts the simulation and
# the sum of the tallies on rank 0 ("simulated N replicas in S s"); wall is the whole command (MPI start,
# loading and fitting on every rank, writing on rank 0).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/bench}
replicas=${2:-2000}
ranks_list=${3:-1 2}
threads_list=${4:-1 2}
bin=$build/bin/riskgrid
[[ -x $bin ]] || { echo "build first (see the top of $0)" >&2; exit 2; }
grep -q "RISKGRID_WITH_MPI:BOOL=ON" "$build/CMakeCache.txt" || { echo "$build is built without MPI" >&2; exit 2; }
root=(); [[ $(id -u) -eq 0 ]] && root=(--allow-run-as-root)
scratch=$(mktemp -d /tmp/riskgrid-mpi-bench.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
scenario=scenarios/putuo/typhoon.yaml
"$bin" run $scenario --quiet --replicas 10 --out "$scratch/warmup" >/dev/null  # history on the first run

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: mpirun -np RANKS --bind-to none $bin run $scenario --replicas $replicas --threads THREADS"
printf "%5s %7s %8s %11s %8s %8s  %s\n" ranks threads cores "replicas/s" speedup wall_s "same results"
reference=""
base=""
for ranks in $ranks_list; do
  for threads in $threads_list; do
    out=$scratch/r${ranks}t${threads}
    start=$(date +%s.%N)
    # --bind-to none: Open MPI binds each rank to one core when np <= 2, which would serialise the threads.
    log=$(mpirun -np "$ranks" --oversubscribe --bind-to none "${root[@]}" \
      "$bin" run $scenario --replicas "$replicas" --threads "$threads" --out "$out" 2>&1 >/dev/null)
    wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    seconds=$(echo "$log" | sed -n 's/.*simulated [0-9]* replicas in \([0-9.]*\) s.*/\1/p')
    rate=$(awk -v r="$replicas" -v s="$seconds" 'BEGIN { print r / s }')
    [[ -z $base ]] && base=$rate
    same=reference
    if [[ -z $reference ]]; then
      reference=$out/results.h5
    else
      # Only the `created` attribute may differ: one object with differences.
      differing=$(h5diff -r "$reference" "$out/results.h5" | grep -c '^[1-9][0-9]* differences found' || true)
      same=$([[ $differing -eq 1 ]] && echo yes || echo "NO ($differing objects differ)")
    fi
    printf "%5d %7d %8d %11.0f %8.2f %8.2f  %s\n" "$ranks" "$threads" $((ranks * threads)) "$rate" \
      "$(awk -v a="$rate" -v b="$base" 'BEGIN { print a / b }')" "$wall" "$same"
  done
done
