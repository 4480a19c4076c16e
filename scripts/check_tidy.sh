#!/usr/bin/env bash
# clang-tidy's bug-finding checks (.clang-tidy) where they are cheap: on the C++ sources of engine/,
# models/, run/ and app/ that the last commit or the working tree changed (a few seconds a file), so
# every commit is checked once without re-checking the whole tree on every test run.
#   scripts/check_tidy.sh [BUILD_DIR] [--all | FILE...]
# BUILD_DIR holds compile_commands.json (default build/dev); --all checks every source (the whole
# tree: about 20 minutes on 2 cores). Exits 1 on a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
[[ $# -gt 0 ]] && shift
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [[ -z "$tidy" ]]; then
  echo "SKIPPED: clang-tidy is not installed (scripts/install-deps.sh installs it)"
  exit 0
fi
if [[ ! -f "$build/compile_commands.json" ]]; then
  echo "SKIPPED: no $build/compile_commands.json (configure the build first)"
  exit 0
fi
layers='^(engine|models|run|app)/.*\.cpp$'
if [[ "${1:-}" == "--all" ]]; then
  mapfile -t files < <(git ls-files '*.cpp' | grep -E "$layers")
elif [[ $# -gt 0 ]]; then
  files=("$@")
else
  # The last commit's files (none in a shallow clone of one commit) and uncommitted ones.
  mapfile -t files < <({ git diff --name-only HEAD~1 HEAD 2>/dev/null || true; git diff --name-only HEAD;
                         git ls-files --others --exclude-standard; } | grep -E "$layers" | sort -u)
fi
present=()
for f in "${files[@]}"; do [[ -f "$f" ]] && present+=("$f"); done
if [[ ${#present[@]} -eq 0 ]]; then
  echo "tidy: no changed sources to check"
  exit 0
fi
failed=0
for f in "${present[@]}"; do
  # The build's own warning flags are GCC's: clang may not know some (-Wno-maybe-uninitialized), and
  # with -Werror (the ci preset) that alone would fail; compiler warnings are the build's job here.
  if ! "$tidy" -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option --extra-arg=-Wno-error "$f" \
    >/tmp/riskgrid-tidy.$$ 2>&1; then
    grep -E "(error|warning): " /tmp/riskgrid-tidy.$$ || cat /tmp/riskgrid-tidy.$$
    failed=1
  fi
done
rm -f /tmp/riskgrid-tidy.$$
[[ $failed -eq 0 ]] && echo "tidy: ${#present[@]} files clean"
exit $failed
