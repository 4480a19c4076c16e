#!/usr/bin/env bash
# Submits a scenario as a Slurm job array of SHARDS shards and exactly one merge job (docs/cluster.md).
#
#   riskgrid-submit.sh SCENARIO OUT SHARDS [sbatch options for the shards...]
#   riskgrid-submit.sh --resubmit K[,K...] SCENARIO OUT SHARDS [sbatch options...]
#
# The merge depends on the shard jobs with `afterany`, so it runs when they have all ended, whether
# they succeeded or not; it checks every shard file and exits 3 naming the missing ones. --resubmit
# queues the named tasks again (shard K of SHARDS, not K of 1) and replaces a merge still pending for
# OUT by one that also waits for them: never two merges, never one left waiting on nothing.
# Prints the job ids: "shards JOB" and "merge JOB". RISKGRID (the binary) is passed to the jobs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

tasks=""
if [[ "${1:-}" == "--resubmit" ]]; then
  tasks=${2:?--resubmit needs the task ids, e.g. --resubmit 3 or --resubmit 3,7}
  shift 2
fi
if (( $# < 3 )); then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
scenario=$(realpath "$1") out=$(realpath -m "$2") shards=$3
shift 3
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "riskgrid-submit: SHARDS must be a positive number, not '$shards'" >&2; exit 2; }
[[ -f "$scenario" ]] || { echo "riskgrid-submit: $scenario: no such file" >&2; exit 2; }
if [[ -n "$tasks" ]]; then
  IFS=, read -ra ids <<<"$tasks"
  for k in "${ids[@]}"; do
    [[ "$k" =~ ^[0-9]+$ ]] && (( k >= 1 && k <= shards )) ||
      { echo "riskgrid-submit: task '$k' is no shard of 1-$shards" >&2; exit 2; }
  done
fi
mkdir -p "$out"
# One name per OUT folder: how a resubmission finds the shard jobs and the merge of the same run.
tag="riskgrid-$(printf '%s' "$out" | cksum | cut -d' ' -f1)"
export SCENARIO="$scenario" OUT="$out" SHARDS="$shards" RISKGRID="${RISKGRID:-riskgrid}"

shard_job=$(sbatch --parsable --array="${tasks:-1-$shards}" --job-name="$tag-shard" --export=ALL \
                   --chdir="$out" "$@" "$here/riskgrid-array.sbatch")
shard_job=${shard_job%%;*}
echo "shards $shard_job"

# Wait for every shard job of this OUT still queued or running (the new one among them).
deps=$(squeue -h -n "$tag-shard" -o %F 2>/dev/null | sort -u | paste -sd: -)
[[ ":$deps:" == *":$shard_job:"* ]] || deps="${deps:+$deps:}$shard_job"
# A merge still pending would run before the resubmitted tasks end: replace it, never add a second.
for job in $(squeue -h -n "$tag-merge" -t PENDING -o %i 2>/dev/null); do scancel "$job"; done
merge_job=$(sbatch --parsable --dependency="afterany:$deps" --job-name="$tag-merge" --export=ALL \
                   --chdir="$out" "$here/riskgrid-merge.sbatch")
echo "merge ${merge_job%%;*}"
