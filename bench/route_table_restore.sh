#!/usr/bin/env bash
# How long a restart takes to rebuild the engine's route table from the store (issue 29,
# defect 8): the RouteViews day replayed once into a store, then the agent started RUNS
# times on it; each start logs "route table rebuilt from the store in S s: ...".
# MONITORED prefixes (with their origins, as BGPalerter's generate writes them) are taken
# from the day's first archive, YouTube's three besides; 0: YouTube's only (the demo).
# Usage: bench/route_table_restore.sh [MONITORED=10000] [RUNS=5] [GLOB]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/wait_status.sh
MONITORED=${1:-10000}
RUNS=${2:-5}
GLOB=${3:-"$(cd ../shared/data && pwd)/mrt/routeviews-2008/day-20080223/updates.*.bz2"}
BIN=${BIN:-build}
WORK=$(mktemp -d /tmp/bgps-bench-XXXXXX)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
cp data/demo/prefixes.yml "$WORK/"
if [ "$MONITORED" -gt 0 ]; then
  first=$(ls $GLOB | head -1)
  bgpdump -m "$first" 2>/dev/null | awk -F'|' -v n="$MONITORED" '
    $3 == "A" && $6 ~ /^[0-9.]+\/[0-9]+$/ && $6 !~ /\/0$/ && !seen[$6]++ {
      k = split($7, path, " "); if (path[k] ~ /^[0-9]+$/) print "\"" $6 "\":\n  asn: " path[k]
      if (++count >= n) exit }' >>"$WORK/prefixes.yml"
fi
cat >"$WORK/bgpsentry.yml" <<YML
data_dir: ./var
prefixes_file: prefixes.yml
log_level: info
api: {unix_socket: ./var/api.sock}
sources: [{type: mrt, paths: ["$GLOB"]}]
YML
start() {
  "$BIN/agent/bgpsentryd" --config "$WORK/bgpsentry.yml" >"$WORK/log" 2>&1 &
  PID=$!
  wait_for_status "$WORK/var/api.sock" all_finished
}
stop() {
  kill $PID
  wait $PID || true
  PID=
}
start
table=$(echo "$STATUS" | grep -o '"route_table":{[^}]*}')
stop
echo "monitored: $(grep -c '^  asn:' "$WORK/prefixes.yml") prefixes; after the replay: $table"
times=()
for run in $(seq "$RUNS"); do
  start
  line=$(grep -o 'route table rebuilt from the store in [0-9.]* s: .*' "$WORK/log")
  echo "run $run: $line"
  times+=("$(echo "$line" | sed 's/.* in \([0-9.]*\) s:.*/\1/')")
  stop
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "median of %d: %s s\n", NR, t[int((NR + 1) / 2)] }'
