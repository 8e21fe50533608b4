#!/usr/bin/env bash
# RIS Live end to end: MRT files converted to RIS Live messages (bgpctl mrt dump --ris-live),
# served by our RIS Live replay server on 127.0.0.1 as fast as the agent reads, into
# bgpsentryd's ris_live source (WebSocket, decode, store, detect) with 1,000 real monitored
# prefixes (the first announced in the files, with their origins). Reports messages/s and
# updates/s until every message is received and processed, dropped updates and peak RSS.
# Usage: bench/ris_live_replay.sh [GLOB] (default: the first 24 files of the RouteViews day)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/ris_live_common.sh
source bench/wait_status.sh
DAY="$(cd ../shared/data && pwd)/mrt/routeviews-2008/day-20080223"
BIN=${BIN:-build}
WORK=$(mktemp -d /tmp/bgps-ris-XXXXXX)
PID= SERVER=
trap 'kill $PID $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ $# -gt 0 ]; then FILES=$(ls $1); else FILES=$(ls "$DAY"/updates.*.bz2 | head -24 || true); fi

"$BIN/ctl/bgpctl" mrt dump --ris-live --host route-views2 $FILES >"$WORK/feed.jsonl"
messages=$(wc -l <"$WORK/feed.jsonl")
# 1,000 prefixes announced in the files, each with the first origin seen for it.
"$BIN/ctl/bgpctl" mrt dump -m --type a $FILES |
  awk -F'|' '!($6 in seen) { n = split($7, p, " "); seen[$6] = 1;
             if (p[n] ~ /^[0-9]+$/) { printf "%s:\n  asn: %s\n", $6, p[n]; if (++k == 1000) exit } }' \
    >"$WORK/prefixes.yml" || true  # awk stops reading after 1,000

# The server starts sending once the first subscription is in, as RIS Live does; the agent
# sends the other 999 meanwhile, 100 at a time with 20 ms between bursts (polite to RIS
# Live). Waiting for all of them had put those 180 ms of pacing into the time measured.
start_feed 1
start=$(date +%s.%N)
start_agent
# Fields of a status line: num LINE KEY (the first "KEY":"N"); shed_of LINE QUEUE.
num() { echo "$1" | grep -o "\"$2\":\"[0-9]*\"" | head -1 | tr -dc 0-9; }
shed_of() { echo "$1" | grep -o "\"name\":\"$2\",[^}]*" | grep -o '"shed":"[0-9]*"' | tr -dc 0-9; }
# Done when every message arrived and every update is stored or shed by the store's queue,
# and through detection or shed by the engine's (a batch a consumer holds is not done).
all_processed() {
  local u
  u=$(num "$1" updates)  # the source's (the first "updates")
  [[ $1 == *"\"records\":\"$messages\""* && -n $u ]] &&
    (($(num "$1" updates_stored) + $(shed_of "$1" store) == u)) &&
    (($(num "$1" updates_processed) + $(shed_of "$1" engine) == u))
}
wait_for_status "$WORK/var/api.sock" all_processed
s=$STATUS
secs=$(echo "$(date +%s.%N) - $start" | bc)
updates=$(num "$s" updates)
rss=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
# CPU the agent and the server used (user + system): on 2 cores they share, the agent's
# seconds per message is the figure that does not depend on the server.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' /proc/$1/stat; }
agent_cpu=$(cpu $PID) server_cpu=$(cpu $SERVER)
kill $PID; wait $PID || true
echo "files: $(echo $FILES | wc -w), RIS Live messages: $messages, updates: $updates, monitored prefixes: $(grep -c asn: "$WORK/prefixes.yml")"
echo "bgpsentryd ris_live, received + stored + detected (or shed): ${secs}s"
echo "messages/s: $(echo "$messages / $secs" | bc), updates/s: $(echo "$updates / $secs" | bc)"
echo "shed under overload (counted, never silent): history $(shed_of "$s" store), detection $(shed_of "$s" engine) of $updates updates"
echo "peak RSS: $((rss / 1024)) MiB"
echo "CPU: agent ${agent_cpu}s ($(echo "scale=2; $agent_cpu * 1000000 / $messages" | bc) µs/message), replay server ${server_cpu}s"
