#!/usr/bin/env bash
# Builds every libFuzzer target in tests/fuzz (clang, -fsanitize=fuzzer,address,undefined): csv_fuzz,
# boundary_fuzz and scenario_fuzz, one per folder of tests/fuzz/corpus; runs each for a while on its
# seed corpus. Exit status non-zero on a crash, sanitizer report or broken
# property; the reproducer is left in the work folder (printed).
#   scripts/fuzz.sh [--seconds N] [--build-dir DIR] [--jobs J]
# N: seconds per target (default 60). Prints "SKIPPED: ..." and exits 0 when clang/libFuzzer is absent.
set -euo pipefail
seconds=60
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/fuzz"
jobs=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

clang=""
for c in clang++ clang++-14 clang++-15 clang++-16; do
  if command -v "$c" >/dev/null 2>&1; then clang=$(command -v "$c"); break; fi
done
if [[ -z "$clang" ]]; then
  echo "SKIPPED: no clang++ (scripts/install-deps.sh installs clang and libclang-rt-14-dev)"
  exit 0
fi
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
    "$clang" -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
  echo "SKIPPED: $clang cannot link libFuzzer (install libclang-rt-14-dev)"
  exit 0
fi

cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$clang" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$jobs"

status=0
for corpus in "$root"/tests/fuzz/corpus/*/; do
  target=$(basename "$corpus")
  [[ -x "$build/$target" ]] || { echo "fuzz.sh: no target $target" >&2; status=1; continue; }
  work="$build/work/$target"
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp "$corpus"/* "$work/corpus/"   # new inputs go to the work folder, not the repository
  echo "fuzz.sh: $target for ${seconds}s"
  if ! (cd "$work" && "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 corpus >"$work/log.txt" 2>&1); then
    echo "fuzz.sh: $target FAILED; see $work/log.txt and the crash-* file there" >&2
    tail -40 "$work/log.txt" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$work/log.txt" | tail -2
  fi
done
exit $status
