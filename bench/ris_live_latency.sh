#!/usr/bin/env bash
# RIS Live alert latency: the RouteViews day as RIS Live messages, paced at RATE messages/s
# (default 10,000) by our replay server, each stamped with the time it is sent, into
# bgpsentryd's ris_live source (decode, store, detect, alert store, WatchAlerts). 1,000
# prefixes of the files are monitored with an origin they never have, so their announcements
# are origin hijacks: each event start is an alert. bench/alert_latency, a WatchAlerts client
# on the unix socket, measures send → alert on the stream. Needs -DBGPSENTRY_BENCH=ON.
# Usage: bench/ris_live_latency.sh [SECONDS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/ris_live_common.sh
DAY="$(cd ../shared/data && pwd)/mrt/routeviews-2008/day-20080223"
BIN=${BIN:-build}
SECONDS_RUN=${1:-60}
RATE=${2:-10000}
WORK=$(mktemp -d /tmp/bgps-lat-XXXXXX)
PID= SERVER=
trap 'kill $PID $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
FILES=$(ls "$DAY"/updates.*.bz2 | head -24 || true)  # (ls may see head close early)

# (bgpctl stops on the closed pipe once head has enough.)
("$BIN/ctl/bgpctl" mrt dump --ris-live --host route-views2 $FILES 2>/dev/null || true) |
  head -$((SECONDS_RUN * RATE)) >"$WORK/feed.jsonl"
# 1,000 prefixes announced in the feed, monitored with AS64496 (documentation) as origin.
"$BIN/ctl/bgpctl" mrt dump -m --type a $FILES |
  awk -F'|' '!($6 in seen) { seen[$6] = 1; printf "%s:\n  asn: 64496\n", $6; if (++k == 1000) exit }' \
    >"$WORK/prefixes.yml" || true

start_feed 1000 --per-second "$RATE" --stamp-now
start_agent
until [ -S "$WORK/var/api.sock" ]; do sleep 0.05; done
"$BIN/bench/alert_latency" "$WORK/var/api.sock" $((SECONDS_RUN + 5)) | tee "$WORK/latency.out"
s=$("$BIN/ctl/bgpctl" --socket "$WORK/var/api.sock" -o json status)
echo "rate: $RATE messages/s for ${SECONDS_RUN}s; received: $(echo "$s" | sed -n 's/.*"records":"\([0-9]*\)".*/\1/p'), shed: $(echo "$s" | sed -n 's/.*"dropped":"\([0-9]*\)".*/\1/p')"
echo "peak RSS: $(($(awk '/VmHWM/ {print $2}' /proc/$PID/status) / 1024)) MiB"
