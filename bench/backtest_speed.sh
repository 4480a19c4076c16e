#!/usr/bin/env bash
# Issue 14's speed target: a year of weekly refits (52 origins, 7-day horizons) on ~2,500 units with
# nine years of history, per model on one core (--threads 1). Generates the city with
# bench/make_backtest_history.py, then backtests each model alone and prints, per model, the sum over
# origins of fit + forecast (fit_seconds in backtest_scores.csv) and the command's wall clock.
#   bench/backtest_speed.sh [RISKGRID_BINARY] [OUT_DIR] [MODEL...]
# Figures: bench/README.md ("Backtest speed on a generated city").
set -euo pipefail
cd "$(dirname "$0")/.."
rg=$(realpath "${1:-build/release/bin/riskgrid}")
out=${2:-out/backtest_speed}
shift $(( $# > 2 ? 2 : $# ))
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(negbin_weekday negbin_glm hawkes day_bootstrap last_4_weeks exp_weighted_mean
                                   same_period_last_year kde_hotspot prospective_hotspot shrunk_level damped_trend
                                   near_repeat_hawkes stacked)
mkdir -p "$out"
[ -f "$out/history.csv" ] || /usr/bin/python3 bench/make_backtest_history.py "$out"
cd "$out"
"$rg" validate backtest_last_4_weeks.yaml >/dev/null   # ingest once (incident store) outside the timing
"$rg" backtest backtest_last_4_weeks.yaml --threads 1 --quiet --out warmup >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
# fit_seconds is wall clock (it grows with the machine's load); cpu_s is the command's user CPU time
# (loading the stored history and scoring included: ~1 s on this city), the fairer figure on a shared machine.
printf '%-24s %12s %10s %8s\n' model fit_seconds wall_s cpu_s
for m in "${models[@]}"; do
  /usr/bin/time -o "out_$m.time" -f '%e %U' "$rg" backtest "backtest_$m.yaml" --threads 1 --quiet --out "out_$m" \
    >"out_$m.log" 2>&1 || echo "$m: exit $?"
  read -r wall cpu <"out_$m.time"
  fit=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "fit_seconds") c = i; next } { s += $c } END { printf "%.1f", s }' \
        "out_$m/backtest_scores.csv")
  printf '%-24s %12s %10.1f %8.1f\n' "$m" "$fit" "$wall" "$cpu"
done
