#!/usr/bin/env bash
# riskgrid backtest against the same backtest written in Python (statsmodels GLM, scikit-learn KDE;
# bench/backtest_python.py) on Houston (30 weekly origins, all the 8-month file allows) and on the
# default district (47 weekly origins of its one-year synthetic history), per unit x day. Times each
# with /usr/bin/time -v (wall, CPU, peak RSS) and prints the speed ratio and both score tables.
#   bench/backtest_bench.sh [RISKGRID_BINARY] [OUT_DIR]
# RISKGRID_BINARY defaults to build/release/bin/riskgrid (cmake --preset release && cmake --build
# build/release -j2 --target riskgrid). Figures: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rg=${1:-build/release/bin/riskgrid}
out=${2:-out/backtest_bench}
data=${RISKGRID_DATA_DIR:-../shared/data}
mkdir -p "$out"
py=/usr/bin/python3

# The synthetic Putuo history is generated on first use; do that outside the timing.
"$rg" validate scenarios/putuo/baseline.yaml >/dev/null 2>&1 || true

timed() {  # name, command...: runs it under /usr/bin/time -v, keeps its output and the time report
  local name=$1; shift
  /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1
  local wall cpu_u cpu_s rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$out/$name.time")
  cpu_u=$(awk -F': ' '/User time/{print $2}' "$out/$name.time")
  cpu_s=$(awk -F': ' '/System time/{print $2}' "$out/$name.time")
  rss=$(awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$out/$name.time")
  printf '%-16s wall %-9s cpu %7.1f s  peak RSS %5s MB\n' "$name" "$wall" "$(echo "$cpu_u + $cpu_s" | bc)" "$rss" \
    | tee -a "$out/times.txt"
}

: >"$out/times.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/times.txt"
timed riskgrid_putuo "$rg" backtest bench/backtest_putuo_year.yaml --out "$out/riskgrid_putuo" --quiet
timed python_putuo "$py" bench/backtest_python.py --units scenarios/putuo/grids.geojson --unit-id id \
  --history scenarios/putuo/history.csv --time-col created --unit-col grid \
  --first 2025-12-01 --last 2026-10-19 --lattice-m 250 --out "$out/python_putuo.csv"
timed riskgrid_houston "$rg" backtest scenarios/examples/houston/backtest.yaml --data-dir "$data" \
  --out "$out/riskgrid_houston" --quiet
timed python_houston "$py" bench/backtest_python.py --units "$data/houston/houston_zips.geojson" --unit-id zip \
  --history "$data/houston/houston_crime_2010.csv" --time-col time \
  --first 2010-02-01 --last 2010-08-23 --lattice-m 250 --out "$out/python_houston.csv"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/times.txt"

for d in putuo houston; do
  echo "== $d: riskgrid (summary) =="
  cat "$out/riskgrid_$d/backtest_summary.csv"
  echo "== $d: Python =="
  sed -n '/^python backtest/,$p' "$out/python_$d.log"
done
"$py" - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def cpu(name):
    t = open(f"{out}/{name}.time").read()
    return sum(float(re.search(p + r": ([\d.]+)", t).group(1)) for p in ("User time \\(seconds\\)", "System time \\(seconds\\)"))
for d in ("putuo", "houston"):
    r, p = cpu(f"riskgrid_{d}"), cpu(f"python_{d}")
    print(f"{d}: CPU riskgrid {r:.1f} s, Python {p:.1f} s, Python/riskgrid {p / r:.1f}x")
PY
