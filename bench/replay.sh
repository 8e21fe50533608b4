#!/usr/bin/env bash
# End-to-end replay: bgpsentryd reads MRT files into RocksDB and through detection
# (to FINISHED), against `bgpdump -m > /dev/null` over the same files, in the same run.
# Usage: bench/replay.sh [GLOB] (default: the routeviews-2008 day, 94 bzip2 files)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/wait_status.sh
GLOB=${1:-"$(cd ../shared/data && pwd)/mrt/routeviews-2008/day-20080223/updates.*.bz2"}
BIN=${BIN:-build}
WORK=$(mktemp -d /tmp/bgps-bench-XXXXXX)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp data/demo/prefixes.yml "$WORK/"
cat >"$WORK/bgpsentry.yml" <<YML
data_dir: ./var
prefixes_file: prefixes.yml
log_level: warn
api: {unix_socket: ./var/api.sock}
sources: [{type: mrt, paths: ["$GLOB"]}]
YML
files=$(ls $GLOB | wc -l)
start=$(date +%s.%N)
for f in $GLOB; do bgpdump -m "$f" 2>/dev/null; done | wc -l >"$WORK/lines"
bgpdump_s=$(echo "$(date +%s.%N) - $start" | bc)

start=$(date +%s.%N)
"$BIN/agent/bgpsentryd" --config "$WORK/bgpsentry.yml" >"$WORK/log" 2>&1 &
PID=$!
# Each status line's time and stored count: how steady the rate was, not just its average.
samples=()
sampled_finished() {
  [[ $1 =~ \"updates_stored\":\"([0-9]+)\" ]] && samples+=("$EPOCHREALTIME ${BASH_REMATCH[1]}")
  all_finished "$1"
}
wait_for_status "$WORK/var/api.sock" sampled_finished
ours_s=$(echo "$(date +%s.%N) - $start" | bc)
stored=$(echo "$STATUS" | sed 's/.*"updates_stored":"\([0-9]*\)".*/\1/')
rss=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
kill $PID; wait $PID || true
disk=$(du -sb "$WORK/var" | cut -f1)
mrt=$(cat $GLOB | wc -c)
echo "files: $files, bgpdump -m lines: $(cat "$WORK/lines"), stored updates: $stored"
echo "bgpdump -m (sequential, to /dev/null): ${bgpdump_s}s"
echo "bgpsentryd replay to FINISHED (decode+store+detect): ${ours_s}s"
echo "ratio bgpdump/bgpsentryd: $(echo "scale=2; $bgpdump_s / $ours_s" | bc)"
echo "updates/s: $(echo "$stored / $ours_s" | bc)"
# Whole seconds from the first stored update to the last: the slowest and the median second.
printf '%s\n' "${samples[@]}" |
  awk '$2 > 0 && !t0 { t0 = $1; n0 = $2 }
       t0 && $1 - t0 >= 1 { print int(($2 - n0) / ($1 - t0)); t0 = $1; n0 = $2 }' | sort -n |
  awk '{ r[NR] = $1 } END { if (NR) printf "per second (%d whole seconds): slowest %d, median %d updates/s\n", NR, r[1], r[int((NR + 1) / 2)] }'
echo "peak RSS: $((rss / 1024)) MiB; store on disk: $((disk / 1024 / 1024)) MiB ($(echo "scale=1; $disk / $stored" | bc) B/update); MRT input: $((mrt / 1024 / 1024)) MiB"
