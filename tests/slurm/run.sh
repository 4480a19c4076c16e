#!/usr/bin/env bash
# The Slurm job-array scripts on a real single-node Slurm: starts munged, slurmctld and slurmd (Debian's
# slurm-wlm and munge) in a temporary folder with a generated slurm.conf, submits a scenario as an
# array of 3 shards with scripts/slurm/riskgrid-submit.sh, kills task 2, checks that the merge (afterany)
# ran and named the missing shard, resubmits task 2 alone and checks that it ran shard 2/3 (not 2/1),
# that exactly one more merge ran and wrote results.h5, and that no merge is left in the queue.
# Everything started is stopped and removed on exit, failed or not. Label `slurm` (ctest -L slurm).
#
#   tests/slurm/run.sh RISKGRID_BINARY SOURCE_DIR
set -euo pipefail
riskgrid=$(realpath "$1") source=$(realpath "$2")

skip() { echo "SKIPPED: $*"; exit 0; }
for tool in slurmctld slurmd munged sbatch squeue scancel sinfo; do
  command -v "$tool" >/dev/null 2>&1 || skip "no $tool: install Debian's slurm-wlm and munge (scripts/install-deps.sh does)"
done
[[ $(id -u) -eq 0 ]] || skip "slurmd must start as root to run jobs (CI runs as root)"

dir=$(mktemp -d /tmp/riskgrid-slurm.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if (( rc != 0 )); then
    echo "--- logs ($dir) ---"
    tail -n 20 "$dir"/*.log "$dir"/out/*.log 2>/dev/null || true
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
host=$(hostname -s)
mkdir -p "$dir/state" "$dir/spool" "$dir/out"
dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none
chmod 600 "$dir/munge.key"
munged --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
       --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" --foreground --force >/dev/null 2>&1 &
pids+=($!)

cat >"$dir/slurm.conf" <<CONF
ClusterName=riskgridtest
SlurmctldHost=$host
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=300
MpiDefault=none
NodeName=$host CPUs=$(nproc) RealMemory=8192 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
sleep 0.5
slurmctld -D -i >"$dir/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D >"$dir/slurmd.out.log" 2>&1 &
pids+=($!)
for ((i = 0; i < 40; ++i)); do
  sinfo -h -o %T 2>/dev/null | grep -q -E '^(idle|mixed|allocated)' && break
  sleep 0.5
done
sinfo -h -o %T 2>/dev/null | grep -q -E '^(idle|mixed|allocated)' ||
  { echo "FAILED: the single-node Slurm did not come up"; exit 1; }

# The binary through a wrapper: few replicas, and task 2 of the first submission hangs until killed
# (a node failure, say); its resubmission runs normally.
cat >"$dir/riskgrid" <<WRAP
#!/bin/bash
if [[ "\$1" == run ]]; then
  echo "\$*" >> "$dir/runs.txt"
  if [[ "\$*" == *"--shard 2/3"* && ! -e "$dir/resubmitted" ]]; then sleep 600; fi
  exec "$riskgrid" "\$@" --replicas 12
fi
exec "$riskgrid" "\$@"
WRAP
chmod +x "$dir/riskgrid"
export RISKGRID="$dir/riskgrid"
submit="$source/scripts/slurm/riskgrid-submit.sh"
scenario="$source/scenarios/putuo/typhoon.yaml"
out="$dir/out"

wait_gone() {  # until no job named $1 is queued or running
  for ((i = 0; i < 120; ++i)); do
    [[ -z $(squeue -h -n "$1" -o %i) ]] && return 0
    sleep 0.25
  done
  echo "FAILED: jobs named $1 still queued: $(squeue -h -n "$1")"; exit 1
}
tag="riskgrid-$(printf '%s' "$out" | cksum | cut -d' ' -f1)"

first=$("$submit" "$scenario" "$out" 3 --cpus-per-task=1)
echo "$first"
array=$(sed -n 's/^shards //p' <<<"$first")
for ((i = 0; i < 120; ++i)); do
  [[ -f "$out/shard-1-of-3.h5" && -f "$out/shard-3-of-3.h5" ]] && grep -q -- "--shard 2/3" "$dir/runs.txt" 2>/dev/null && break
  sleep 0.25
done
scancel "${array}_2"
wait_gone "$tag-shard"
wait_gone "$tag-merge"
[[ ! -f "$out/shard-2-of-3.h5" && ! -f "$out/results.h5" ]] || { echo "FAILED: shard 2 or results exist after the kill"; exit 1; }
grep -q "shard(s) 2 of 3 missing" "$out"/riskgrid-merge-*.log ||
  { echo "FAILED: the merge did not name the missing shard"; cat "$out"/riskgrid-merge-*.log; exit 1; }

touch "$dir/resubmitted"
"$submit" --resubmit 2 "$scenario" "$out" 3 --cpus-per-task=1
wait_gone "$tag-shard"
wait_gone "$tag-merge"
grep -q -- "--shard 2/3" <(tail -n 1 "$dir/runs.txt") || { echo "FAILED: the resubmission ran $(tail -n 1 "$dir/runs.txt")"; exit 1; }
[[ -f "$out/results.h5" ]] || { echo "FAILED: no results.h5 after the resubmission"; cat "$out"/riskgrid-merge-*.log; exit 1; }
merges=$(ls "$out"/riskgrid-merge-*.log | wc -l)
[[ "$merges" -eq 2 ]] || { echo "FAILED: $merges merge jobs ran, expected 2 (one per submission)"; exit 1; }
echo "slurm array: shard killed, merge named it, resubmitted 2/3, merged once: ok"
