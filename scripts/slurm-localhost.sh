#!/usr/bin/env bash
# A single-node SLURM cluster on this machine (Debian's slurm-wlm and munge), to run the Snakemake
# workflow through sbatch exactly as on a real cluster. Needs root (the daemons, the munge key).
#
#   eval "$(scripts/slurm-localhost.sh start)"   # starts munged, slurmctld, slurmd; prints export SLURM_CONF=...
#   sbatch --wrap 'hostname'                      # or: snakemake --profile workflow/profiles/slurm ...
#   scripts/slurm-localhost.sh stop               # stops what start started (by the pids it recorded)
#   scripts/slurm-localhost.sh status
#
# Everything lives in $SLURM_LOCALHOST_DIR (default /var/tmp/deface-impact-slurm): slurm.conf, state,
# spool, logs, pid files. Nothing under /etc is changed; clients find the cluster through SLURM_CONF.
# The node offers this machine's cores and 90 % of its memory; jobs are tracked without cgroups
# (proctrack/linuxproc, task/none), so it also runs in a container.
set -euo pipefail

dir=${SLURM_LOCALHOST_DIR:-/var/tmp/deface-impact-slurm}
conf="$dir/slurm.conf"
say() { echo "slurm-localhost: $*" >&2; }

need_tools() {
  local missing=()
  for t in munged munge slurmctld slurmd sbatch sinfo scontrol; do command -v "$t" >/dev/null || missing+=("$t"); done
  if [ ${#missing[@]} -gt 0 ]; then
    say "missing ${missing[*]}: install Debian's slurm-wlm and munge (apt-get install slurm-wlm munge)"
    exit 3
  fi
  [ "$(id -u)" -eq 0 ] || { say "must run as root (it starts the munge and SLURM daemons)"; exit 2; }
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  cat >"$conf" <<EOF
# written by scripts/slurm-localhost.sh: a one-node cluster on $host
ClusterName=localhost
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  need_tools
  export SLURM_CONF="$conf"
  if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid"; then
    say "already running ($conf)"
    echo "export SLURM_CONF=$conf"
    return
  fi
  write_conf
  # munge: reuse a running munged (then stop leaves it alone), else start one and remember its pid
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "munged already running: using it"
  else
    install -d -o munge -g munge -m 0755 /run/munge
    install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
    runuser -u munge -- munged --pid-file=/run/munge/munged.pid
    for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
    cp /run/munge/munged.pid "$dir/munged.pid"
  fi
  slurmctld -f "$conf"
  for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
  slurmd -f "$conf"
  local host state=""
  host=$(hostname -s)
  for _ in $(seq 150); do
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    case "$state" in idle*|mixed*|allocated*) break ;; down*|drain*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;; esac
    sleep 0.2
  done
  case "$state" in
    idle*|mixed*|allocated*) say "cluster up: node $host ($(nproc) CPUs), partition local; logs in $dir/log" ;;
    *) say "the node did not come up (state: ${state:-unknown}); see $dir/log/"; exit 1 ;;
  esac
  echo "export SLURM_CONF=$conf"
}

stop() {
  for d in slurmd slurmctld munged; do
    if running "$dir/$d.pid"; then
      kill "$(cat "$dir/$d.pid")"
      for _ in $(seq 50); do running "$dir/$d.pid" || break; sleep 0.1; done
      say "stopped $d"
    fi
    rm -f "$dir/$d.pid"
  done
}

status() {
  export SLURM_CONF="$conf"
  if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid"; then sinfo; else say "not running"; exit 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
