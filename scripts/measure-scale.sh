#!/usr/bin/env bash
# Measures what the README's "Planned past one machine" section states: the time and peak memory of one
# participant job (`deface-impact bids … participant`, one image) at several image sizes, and of the
# group level on cohorts of growing size. After npm ci (it runs dist/), on an otherwise idle machine.
#
#   scripts/measure-scale.sh [WORK_DIR] [THREADS]     # default: a temporary folder, 2 threads
#
# Images are the built-in head phantoms (`deface-impact phantom`), each in a one-participant BIDS
# dataset with its ROI as a mask derivative; the group level runs on the phantom BIDS dataset of the
# tests (scripts/phantom-bids.mjs) with more and more participants. Prints Markdown tables; every number
# is measured by /usr/bin/time (wall time, CPU time, peak resident memory of the whole process).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
threads="${2:-2}"
mkdir -p "$work"
cli=(node "$repo/dist/pipeline/cli/main.js")
command -v /usr/bin/time >/dev/null || { echo "measure-scale: needs /usr/bin/time (Debian package time)" >&2; exit 3; }

# one process, timed: prints "wall_s cpu_s peak_mb"
timed() {
  if ! /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$@" >/dev/null 2>"$work/timed.err"; then
    echo "measure-scale: $* failed:" >&2
    cat "$work/timed.err" >&2
    exit 1
  fi
  awk '{ printf "%.1f %.1f %d\n", $1, $2 + $3, $4 / 1024 }' "$work/time.txt"
}

echo "## One participant job (one image, --threads $threads)"
echo
echo "| image | voxels | estimate (mem_mb) | wall time (s) | CPU time (s) | peak memory (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
# kind, grid, spacing (mm): the tests' small grid, the phantom's default, a 1 mm MR head, a thin-slice CT head
for spec in "mr 64 3" "mr 160 1.2" "mr 256 1" "ct 512x512x300 0.45x0.45x0.65"; do
  read -r kind size spacing <<<"$spec"
  ds="$work/ds-$kind-$size"
  rm -rf "$ds" "$work/out-$kind-$size" "$work/phantom"
  "${cli[@]}" phantom --kind "$kind" --size "$size" --spacing "$spacing" --out "$work/phantom" >/dev/null
  suffix=$([ "$kind" = ct ] && echo CT || echo T1w)
  mkdir -p "$ds/sub-01/anat" "$ds/derivatives/roi/sub-01/anat"
  echo '{"Name": "measure-scale", "BIDSVersion": "1.9.0", "DatasetType": "raw"}' >"$ds/dataset_description.json"
  mv "$work/phantom/image.nii.gz" "$ds/sub-01/anat/sub-01_$suffix.nii.gz"
  mv "$work/phantom/roi.nii.gz" "$ds/derivatives/roi/sub-01/anat/sub-01_desc-roi_mask.nii.gz"
  estimate=$("${cli[@]}" bids "$ds" "$work/out-$kind-$size" participant --estimate-memory --threads "$threads" | awk -F'\t' 'NR == 2 { print $3, $5 }')
  read -r voxels mem_mb <<<"$estimate"
  read -r wall cpu peak < <(timed "${cli[@]}" bids "$ds" "$work/out-$kind-$size" participant --threads "$threads" --quiet)
  echo "| $kind ${size} at ${spacing} mm | $voxels | $mem_mb | $wall | $cpu | $peak |"
  rm -rf "$ds" "$work/out-$kind-$size"
done

echo
echo "## The group level (reads each image's summary and tables; no image)"
echo
echo "| images analysed | participant level, wall time (s) | group level, wall time (s) | group CPU time (s) | group peak memory (MB) | group/ size (MB) |"
echo "|---:|---:|---:|---:|---:|---:|"
for extra in 0 12 36; do
  ds="$work/group-ds-$extra"
  out="$work/group-out-$extra"
  rm -rf "$ds" "$out"
  node "$repo/scripts/phantom-bids.mjs" "$ds" mr --extra "$extra" >/dev/null
  start=$(date +%s%N)
  "${cli[@]}" bids "$ds" "$out" participant --threads "$threads" --quiet >/dev/null 2>&1 || true # sub-03 is broken: exit 3
  participant_s=$(( ($(date +%s%N) - start) / 1000000000 ))
  read -r wall cpu peak < <(timed "${cli[@]}" bids "$ds" "$out" group --quiet)
  echo "| $((3 + extra)) (from $((2 + extra)) participants; and the broken sub-03) | $participant_s | $wall | $cpu | $peak | $(du -sm "$out/group" | cut -f1) |"
  rm -rf "$ds" "$out"
done
