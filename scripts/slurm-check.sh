#!/usr/bin/env bash
# A sharded study on a one-node Slurm cluster, checked byte for byte against the unsharded run.
#
#   scripts/slurm-check.sh [--local] [BINARY]
#
# Installs Debian's slurm-wlm and munge when they are missing (apt-get; run as root), writes a
# one-node slurm.conf for this machine into a scratch folder, starts munged, slurmctld and slurmd,
# submits the study as a 4-task job array (sbatch --array=0-3, each task taking its shard from the
# array) with the merge chained after it (--dependency=afterok), checks the merged JSON, CSV and
# SVG against the unsharded run, and stops the daemons it started. With --local, or when slurmd
# cannot start (exit status 3 then, with the reason), the same shards run as local processes with
# the array's environment, for machines where no cluster can start.
# BINARY defaults to the release build. Exit status 0 when the merge matches.
set -euo pipefail
cd "$(dirname "$0")/.."
local_only=0
if [ "${1:-}" = "--local" ]; then local_only=1; shift; fi
bin=${1:-$(swift build -c release --show-bin-path)/landscape}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
repo=$(pwd)
work=$(mktemp -d /tmp/landscape-slurm.XXXXXX)
chmod 755 "$work"
shards=4
study=(study --data "$repo/datasets/wine.csv" --split 0.7 --hidden 8 --epochs 20 --seeds 4
       --vary batch=8,32 --vary weight-decay=0,0.01 --measures sharpness,trace,margin)
outputs=(--json --csv runs.csv --svg gap.svg)

started=()
cleanup() {
    local pids=()
    for pidfile in "${started[@]}"; do
        [ -f "$pidfile" ] && pids+=("$(cat "$pidfile")")
    done
    for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
    # The daemons write their state as they stop: wait for them (10 s at most) before removing it.
    for _ in $(seq 100); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2> /dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    rm -rf "$work" 2> /dev/null || echo "slurm-check: could not remove $work"
}
trap cleanup EXIT

echo "unsharded run"
(cd "$work" && mkdir whole && cd whole && "$bin" "${study[@]}" "${outputs[@]}" > result.json 2> /dev/null)

check() {  # the merged folder against the unsharded one: JSON and SVG whole, CSV but the wall times
    cmp "$work/whole/result.json" "$1/result.json"
    cmp "$work/whole/gap.svg" "$1/gap.svg"
    cmp <(sed 's/,[^,]*$//' "$work/whole/runs.csv") <(sed 's/,[^,]*$//' "$1/runs.csv")
    echo "merged result of $shards shards: identical to the unsharded run (JSON, SVG, CSV but wall times)"
}

run_local() {
    echo "shards as local processes: $1"
    mkdir -p "$work/local"
    for ((k = 0; k < shards; k++)); do
        (cd "$work/local" && SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=$((shards - 1)) \
            "$bin" "${study[@]}" --part "part-$k.json" > "shard-$k.log" 2>&1) &
    done
    wait
    cat "$work"/local/shard-*.log
    (cd "$work/local" && "$bin" merge "${outputs[@]}" part-*.json > result.json)
    check "$work/local"
}

if [ "$local_only" = 1 ]; then run_local "asked for with --local"; exit 0; fi

# Everything up to a running cluster may fail on a machine that cannot host one: that is exit
# status 3, with the reason, and the caller runs --local instead.
trap 'echo "slurm-check: setting up the cluster failed (line $LINENO)"; exit 3' ERR
if [ "$(id -u)" != 0 ]; then
    echo "slurm-check: a one-node cluster needs root (apt-get, munged, slurmd)"
    exit 3
fi
if ! command -v slurmd > /dev/null || ! command -v munged > /dev/null; then
    echo "installing slurm-wlm and munge"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge > /dev/null; }; then
        echo "slurm-check: could not install slurm-wlm and munge"
        exit 3
    fi
fi

# munge: a key, its folders, the daemon.
mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2> /dev/null
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 400 /etc/munge/munge.key
if ! { command -v pgrep > /dev/null && pgrep -x munged > /dev/null; }; then
    runuser -u munge -- munged --pid-file=/run/munge/munged.pid
    started+=(/run/munge/munged.pid)
fi

host=$(hostname -s)
memory=$(awk '/MemTotal/ { print int($2 / 1024) - 512 }' /proc/meminfo)
conf=$work/slurm.conf
mkdir -p "$work/state" "$work/spool"
cat > "$conf" <<CONF
ClusterName=landscape
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
slurmctld -f "$conf"
started+=("$work/slurmctld.pid")
if ! slurmd -f "$conf"; then
    echo "slurm-check: slurmd did not start: $(tail -3 "$work/slurmd.log" 2> /dev/null | tr '\n' ' ')"
    exit 3
fi
started+=("$work/slurmd.pid")
for _ in $(seq 60); do
    state=$(sinfo -h -o %T 2> /dev/null || true)
    [ "$state" = "idle" ] && break
    sleep 0.5
done
if [ "$state" != "idle" ]; then
    echo "slurm-check: the node is '$state', not idle: $(tail -3 "$work/slurmd.log" 2> /dev/null | tr '\n' ' ')"
    exit 3
fi
echo "one-node cluster up: $(sinfo -h -o '%P %D node, %c CPUs, %T')"
trap - ERR

mkdir -p "$work/slurm"
cd "$work/slurm"
printf '%q ' "$bin" "${study[@]}" > study.cmd
array=$(sbatch --parsable --array=0-$((shards - 1)) --job-name=landscape-study --output=shard-%a.log \
    --wrap "$(cat study.cmd) --part part-\$SLURM_ARRAY_TASK_ID.json")
echo "submitted the study as array job $array (tasks 0-$((shards - 1)))"
sbatch --wait --dependency=afterok:"$array" --job-name=landscape-merge --output=merge.log \
    --wrap "$(printf '%q ' "$bin" merge "${outputs[@]}") part-*.json > result.json" > /dev/null
echo "merge job finished after the array:"
for log in shard-*.log merge.log; do sed "s/^/  $log: /" "$log"; done
check "$work/slurm"
