#!/usr/bin/env bash
# `bgpctl mrt dump -m` against `bgpdump -m`, both to /dev/null, on the same files in the
# same run: median of RUNS (default 5) wall-clock times, the ratio, peak memory, and a
# check that both printed the same bytes.
# Usage: bench/mrt_dump.sh            (the gzip file and the routeviews day)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build}
RUNS=${RUNS:-5}
DATA=$(cd ../shared/data/mrt && pwd)
GZ="$DATA/bgpdump-tests/updates.et-header.2015.gz"
DAY=$(ls "$DATA"/routeviews-2008/day-20080223/updates.*.bz2 | sort)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
seconds() { local s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $s" | bc; }
bgpdump_each() { for f in "$@"; do bgpdump -m "$f" 2>/dev/null; done; }
peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

compare() {  # name, files...
  local name=$1
  shift
  if ! cmp -s <("$BIN/ctl/bgpctl" mrt dump -m "$@" 2>/dev/null) <(bgpdump_each "$@"); then
    echo "$name: OUTPUTS DIFFER" >&2
    exit 1
  fi
  local ours=() theirs=()
  for _ in $(seq "$RUNS"); do
    ours+=("$(seconds "$BIN/ctl/bgpctl" mrt dump -m "$@")")
    theirs+=("$(seconds bgpdump_each "$@")")
  done
  local o t
  o=$(printf '%s\n' "${ours[@]}" | median)
  t=$(printf '%s\n' "${theirs[@]}" | median)
  echo "$name ($# files): identical output; bgpctl mrt dump -m ${o}s [${ours[*]}]," \
    "bgpdump -m ${t}s [${theirs[*]}], ratio $(echo "scale=2; $t / $o" | bc)x," \
    "peak RSS bgpctl $(( $(peak_kib "$BIN/ctl/bgpctl" mrt dump -m "$@") / 1024 )) MiB"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
compare "updates.et-header.2015.gz" "$GZ"
# shellcheck disable=SC2086
compare "routeviews day-20080223" $DAY
