#!/usr/bin/env bash
# The house style (.clang-format) on every C++ file (tracked, or new and not ignored) under engine/, models/, run/, app/,
# tests/ and bench/: lists the files clang-format would change and exits 1, or exits 0.
# `scripts/check_format.sh --fix` formats them in place.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null 2>&1; then
  echo "SKIPPED: clang-format is not installed (scripts/install-deps.sh installs it)"
  exit 0
fi
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp' | grep -E '^(engine|models|run|app|tests|bench)/')
if [[ "${1:-}" == "--fix" ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
unformatted=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if [[ ${#unformatted[@]} -gt 0 ]]; then
  printf 'not formatted (scripts/check_format.sh --fix): %s\n' "${unformatted[@]}"
  exit 1
fi
echo "formatted: ${#files[@]} files"
