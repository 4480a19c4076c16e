#!/usr/bin/env bash
# Browser test of the HTML report: runs the hostile fixture (tests/data/hostile) with the riskgrid
# binary, opens the report in headless Debian chromium through playwright-core (report_test.mjs)
# and checks it. Exit 0 when every check passes.
#
#   tests/browser/run.sh RISKGRID_BINARY
#
# RISKGRID_BROWSER_OPTIONAL=1: print "SKIPPED: ..." and exit 0 when chromium, node or the npm
#   packages are missing (default: fail).
# RISKGRID_SCREENSHOT: where the screenshot goes (default <temp>/riskgrid_browser/hostile_report.png).
# CHROMIUM: the browser (default /usr/bin/chromium).
#
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=${1:?usage: tests/browser/run.sh RISKGRID_BINARY}
chromium=${CHROMIUM:-/usr/bin/chromium}

missing() {
  if [ "${RISKGRID_BROWSER_OPTIONAL:-0}" = 1 ]; then
    echo "SKIPPED: $1"
    exit 0
  fi
  echo "FAIL: $1 (set RISKGRID_BROWSER_OPTIONAL=1 to skip)" >&2
  exit 1
}

[ -x "$chromium" ] || missing "chromium not installed"
command -v node >/dev/null 2>&1 || missing "node not installed"
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  command -v npm >/dev/null 2>&1 || missing "npm not installed"
  (cd "$here" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error) ||
    missing "npm ci failed (no registry and no cache?)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/riskgrid_browser.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$binary" run "$root/tests/data/hostile/scenario.yaml" --replicas 30 --out "$work" --quiet > "$work/run.log" 2>&1 || {
  cat "$work/run.log" >&2
  echo "FAIL: riskgrid run on the hostile fixture" >&2
  exit 1
}
report="$work/report.html"

screenshot=${RISKGRID_SCREENSHOT:-${TMPDIR:-/tmp}/riskgrid_browser/hostile_report.png}
mkdir -p "$(dirname "$screenshot")"
status=0
echo "== report of riskgrid run (one scenario): $report"
CHROMIUM="$chromium" node "$here/report_test.mjs" "$report" "$screenshot" --hostile || status=1

# Two scenarios (scenario selector, comparison view and table) with the same hostile names: the drill
# against the fixture's baseline, through `riskgrid render --compare`.
base="$work/base"
compare="$work/compare"
if ! "$binary" run "$root/tests/data/hostile/baseline.yaml" --out "$base" --quiet > "$work/base.log" 2>&1 ||
   ! "$binary" render "$work/results.h5" --compare "$base/results.h5" --multiples 0 --out "$compare" \
     > "$work/render.log" 2>&1; then
  cat "$work/base.log" "$work/render.log" >&2
  echo "FAIL: the two-scenario report of the hostile fixture" >&2
  exit 1
fi
echo "== two-scenario report: $compare/report.html"
CHROMIUM="$chromium" node "$here/report_test.mjs" "$compare/report.html" "${screenshot%.png}_compare.png" --hostile || status=1
exit $status
