#!/usr/bin/env bash
# Runs the Snakemake workflow (workflow/Snakefile) end to end on the phantom BIDS dataset of the tests
# (3 participants, one with two sessions, one broken) and checks it against direct `deface-impact bids`
# runs: with `snakemake --cores 2`, and through sbatch on a one-node SLURM cluster on this machine
# (scripts/slurm-localhost.sh) when Debian's slurm-wlm and munge are installed (it says so when not).
#
#   scripts/check-workflow.sh [WORK_DIR]      # after npm ci; .ci/run calls it
#
# One line per check ("workflow: ok ..." or "workflow: FAILED ..."), and last the totals alone:
# "workflow: N passed, N failed".
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cli=(node "$repo/dist/pipeline/cli/main.js")
pass=0
fail=0
check() { # name, then a command whose success is the check
  local name="$1"
  shift
  if "$@"; then
    echo "workflow: ok     $name"
    pass=$((pass + 1))
  else
    echo "workflow: FAILED $name"
    fail=$((fail + 1))
  fi
}
finish() {
  echo "workflow: $pass passed, $fail failed"
  exit $([ "$fail" -eq 0 ] && echo 0 || echo 1)
}

if ! command -v snakemake >/dev/null; then
  echo "workflow: snakemake is not installed (Debian: apt-get install snakemake)"
  fail=$((fail + 1))
  finish
fi
echo "workflow: snakemake $(snakemake --version), work folder $work"

cd "$work" || exit 1
rm -rf ds direct local slurm logs .snakemake
node "$repo/scripts/phantom-bids.mjs" ds >/dev/null || { echo "workflow: cannot write the phantom dataset"; fail=$((fail + 1)); finish; }

# the reference: the participant level (exit 3: sub-03 is broken, the others go on), then the group level
"${cli[@]}" bids ds direct participant --quiet >direct-participant.log 2>&1
direct_rc=$?
"${cli[@]}" bids ds direct group --quiet >direct-group.log 2>&1
check "direct participant level: exit 3 for the broken sub-03, the others analysed" [ "$direct_rc" -eq 3 ]
check "direct group level" grep -q "^wrote .*group/: 3 subjects" direct-group.log

same_as_direct() { diff -r "$1" direct >"$1.diff" 2>&1; }
names_broken() { grep -q $'^sub-03\tn/a\tsub-03\tsub-03/anat/sub-03_T1w.nii.gz\tfailed\t.*corrupt or truncated gzip' "$1/group/subjects.tsv"; }

snakemake -s "$repo/workflow/Snakefile" --directory "$work" --cores 2 --config bids_dir=ds out_dir=local >snakemake-local.log 2>&1
local_rc=$?
check "snakemake --cores 2 runs the workflow to the end" [ "$local_rc" -eq 0 ]
check "snakemake --cores 2: the group report names the broken participant" names_broken local
check "snakemake --cores 2: byte-identical to the direct runs" same_as_direct local

# SLURM: a one-node cluster on this machine, the same workflow through sbatch
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "workflow: SLURM not tested: Debian's slurm-wlm and munge are not installed (apt-get install slurm-wlm munge)"
  finish
fi
started=0
if ! "$repo/scripts/slurm-localhost.sh" status >/dev/null 2>&1; then started=1; fi
if ! conf=$("$repo/scripts/slurm-localhost.sh" start 2>slurm-start.log); then
  check "SLURM cluster on localhost starts (scripts/slurm-localhost.sh; see $work/slurm-start.log)" false
  finish
fi
eval "$conf"
snakemake -s "$repo/workflow/Snakefile" --directory "$work" --profile "$repo/workflow/profiles/slurm" --config bids_dir=ds out_dir=slurm >snakemake-slurm.log 2>&1
slurm_rc=$?
through_sbatch() { [ "$slurm_rc" -eq 0 ] && [ "$(grep -c "with external jobid" snakemake-slurm.log)" -eq 4 ]; }
check "snakemake --profile workflow/profiles/slurm runs the 4 jobs through sbatch" through_sbatch
check "SLURM: byte-identical to the direct runs" same_as_direct slurm
[ "$started" -eq 1 ] && "$repo/scripts/slurm-localhost.sh" stop 2>/dev/null
finish
