#!/usr/bin/env bash
# Ingest throughput: `riskgrid ingest` against pandas.read_csv + geopandas.sjoin (bench/ingest_pandas.py)
# on the same inputs -- Houston's real 86k-row file and a generated 10-million-row file of the same shape
# (bench/make_big_csv.py) -- both onto Houston's 233 ZIP polygons. Wall time, MB/s, rows/s and peak RSS
# from /usr/bin/time -v, side by side with the ratio. Results go to bench/README.md by hand.
#
# Usage: bench/ingest_bench.sh [RISKGRID_BINARY] [WORK_DIR]
#   RISKGRID_BINARY  default build/ci/bin/riskgrid (a Release build is the one to record)
#   WORK_DIR         where the generated CSV and outputs go (default a new /tmp dir; the 1.8 GB CSV is
#                    reused when it is already there)
# Environment: RISKGRID_DATA_DIR (default ../shared/data), ROWS (default 10000000), SKIP_PANDAS=1 to time
# riskgrid only, PANDAS_CHUNKSIZE (default 1000000; 0 reads the whole file at once).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$repo/build/ci/bin/riskgrid}")
work=${2:-$(mktemp -d /tmp/riskgrid_ingest_bench.XXXXXX)}
data=$(realpath "${RISKGRID_DATA_DIR:-$repo/../shared/data}")
rows=${ROWS:-10000000}
python=/usr/bin/python3
mkdir -p "$work"

# measure LABEL COMMAND...: runs it under /usr/bin/time -v; sets wall and cpu (user + system, s) and
# rss (MB). On a shared machine wall time depends on the load; CPU time much less so.
measure() {
  local label=$1; shift
  if ! /usr/bin/time -v "$@" >"$work/$label.out" 2>"$work/$label.time"; then
    cat "$work/$label.out" "$work/$label.time" >&2
    echo "ingest_bench: $label failed" >&2
    exit 1
  fi
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0;
                     for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/$label.time")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$work/$label.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/$label.time")
}

declare -a table
# row LABEL TOOL CSV ROWS: appends one line of the table from $wall and $rss.
row() {
  local mb
  mb=$(awk -v b="$(stat -Lc %s "$3")" 'BEGIN {printf "%.1f", b / 1e6}')
  table+=("$(printf '| %s | %s | %s | %s | %.2f | %.2f | %.1f | %.0f | %s |' "$1" "$2" "$mb" "$4" "$wall" "$cpu" \
    "$(awk -v m="$mb" -v w="$wall" 'BEGIN {print m / w}')" "$(awk -v r="$4" -v w="$wall" 'BEGIN {print r / w}')" "$rss")")
}

# bench_input LABEL DISTRICT CSV ROWS
bench_input() {
  local label=$1 district=$2 csv=$3 n=$4
  measure "${label}_riskgrid" "$bin" ingest "$district" --out "$work/${label}_out" --data-dir "$data" --no-cache
  row "$label" "riskgrid ingest" "$csv" "$n"
  local r_wall=$wall r_cpu=$cpu r_rss=$rss
  grep -iE "read|accepted|quarantin" "$work/${label}_riskgrid.out" | sed 's/^/    riskgrid: /' || true
  if [[ ${SKIP_PANDAS:-0} != 1 ]]; then
    measure "${label}_pandas" "$python" "$repo/bench/ingest_pandas.py" "$district" --data-dir "$data" \
      --csv "$csv" --chunksize "${PANDAS_CHUNKSIZE:-1000000}"
    row "$label" "pandas + geopandas.sjoin" "$csv" "$n"
    sed 's/^/    pandas:   /' "$work/${label}_pandas.out"
    table+=("$(awk -v a="$wall" -v b="$r_wall" -v c="$cpu" -v d="$r_cpu" -v m="$rss" -v n="$r_rss" \
      'BEGIN {printf "| %s | **riskgrid speed-up** | | | **%.1fx** | **%.1fx** | | | pandas/riskgrid %.1fx |",
              "'"$label"'", a / b, c / d, m / n}')")
  fi
}

echo "ingest_bench: riskgrid $bin, data $data, work dir $work" >&2

houston_csv=$data/houston/houston_crime_2010.csv
bench_input houston "$repo/scenarios/examples/houston/district.yaml" "$houston_csv" \
  "$(($(wc -l <"$houston_csv") - 1))"

big_csv=$work/houston_like_${rows}.csv
if [[ ! -s $big_csv ]]; then
  echo "ingest_bench: generating $rows rows into $big_csv" >&2
  "$python" "$repo/bench/make_big_csv.py" "$houston_csv" "$big_csv" --rows "$rows"
fi
# The Houston district with the generated file as its history (absolute paths: it lives in $work).
mkdir -p "$work/big"
sed -e "s#^data_dir: .*#data_dir: $data#" \
    -e "s#^categories: .*#categories: $repo/scenarios/examples/houston/categories.yaml#" \
    -e "s#^  path: \${data}/houston/houston_crime_2010.csv#  path: $big_csv#" \
    "$repo/scenarios/examples/houston/district.yaml" >"$work/big/district.yaml"
bench_input "generated_${rows}" "$work/big/district.yaml" "$big_csv" "$rows"

# The incident store: a second ingest of the big file hits the cache (no parsing).
export RISKGRID_CACHE_DIR=$work/cache
measure big_store_fill "$bin" ingest "$work/big/district.yaml" --out "$work/big_cached" --data-dir "$data"
measure big_store_hit "$bin" ingest "$work/big/district.yaml" --out "$work/big_cached" --data-dir "$data"
row "generated_${rows}" "riskgrid ingest, cache hit" "$big_csv" "$rows"

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| input | tool | CSV MB | rows | wall s | CPU s | MB/s (wall) | rows/s (wall) | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${table[@]}"
