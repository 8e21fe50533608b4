#!/usr/bin/env bash
# Many alert streams at once (issue 6): the RouteViews day replayed through bgpsentryd, raising
# alerts (bench/alert_streams_common.sh); once alone, once with STREAMS
# WatchAlerts clients (bench/alert_streams: one stuck, one hanging up and resuming with
# from_id, the rest reading). Alternates the two RUNS times and prints the replay times, their
# medians and ratios, the agent's CPU (and its API threads'), and what the clients received.
# Needs -DBGPSENTRY_BENCH=ON.
# MAX_BATCH=N: the reading clients ask for up to N alerts per response (WatchAlertsRequest
# max_batch; default 0: one alert per response). CLIENT_NICE=N: the clients run at nice N
# (default 0), as stand-ins for orchestration systems on other machines that take no CPU
# from the agent. API_NICE=N: the agent's api.nice (default 10, as the agent's default).
# BATCH_WAIT_MS=N: a response may wait N ms for more alerts (batch_wait_ms; needs MAX_BATCH).
# Usage: [MAX_BATCH=N] [BATCH_WAIT_MS=N] bench/alert_streams.sh [STREAMS] [RUNS] [GLOB]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/alert_streams_common.sh
STREAMS=${1:-200}
RUNS=${2:-3}
GLOB=${3:-"$(cd ../shared/data && pwd)/mrt/routeviews-2008/day-20080223/updates.*.bz2"}
WORK=$(mktemp -d /tmp/bgps-streams-XXXXXX)
PID= CLIENT=
trap 'kill $PID $CLIENT 2>/dev/null || true; rm -rf "$WORK"' EXIT

make_prefixes

replay() {  # $1: streams (0: none); prints the seconds to FINISHED
  local start ctl="$BIN/ctl/bgpctl --socket $WORK/var/api.sock"
  start=$(date +%s.%N)
  start_agent
  if [ "$1" -gt 0 ]; then
    until [ -S "$WORK/var/api.sock" ]; do sleep 0.02; done
    /usr/bin/time -f "client CPU: %U s user, %S s system" nice -n "$CLIENT_NICE" \
      "$BIN/bench/alert_streams" "$WORK/var/api.sock" "$1" "$WORK/target" "$MAX_BATCH" "$BATCH_WAIT_MS" >"$WORK/client.out" 2>&1 &
    CLIENT=$!
  fi
  wait_for_status "$WORK/var/api.sock" all_finished
  echo "$(date +%s.%N) - $start" | bc
  local status=$STATUS
  if [ "$1" -gt 0 ]; then
    echo "$status" | sed -n 's/.*"last_alert_id":"\([0-9]*\)".*/\1/p' >"$WORK/target"
    wait $CLIENT || echo "CLIENT FAILED" >>"$WORK/client.out"
    cat "$WORK/client.out" >&2
    echo "$status" | grep -o '"alert_streams[a-z_]*":"[0-9]*"' | tr '\n' ' ' >&2
    echo "(at FINISHED)" >&2
    $ctl -o json status | grep -o '"alert_streams_cut":"[0-9]*"' >&2 || echo '"alert_streams_cut": 0 at the end' >&2
  fi
  # CPU seconds the agent used (user + system), beside the wall time above; of them, its API
  # threads' (gRPC's and the stream pump, the threads at api.nice above the agent's own).
  local hz api
  hz=$(getconf CLK_TCK)
  api=$(cat /proc/$PID/task/*/stat | awk -v base="$(awk '{ print $19 }' /proc/$PID/stat)" \
    -v hz="$hz" '$19 > base { s += $14 + $15 } END { printf "%.2f", s / hz }')
  echo "agent CPU: $(awk -v hz="$hz" '{ printf "%.1f", ($14 + $15) / hz }' /proc/$PID/stat) s with $1 streams (API threads $api s)" >&2
  stop_agent
}

# The archives into the page cache first: otherwise the first replay alone also reads them
# from disk (it took 24 - 27 s where later ones took 15 - 21 s).
cat $GLOB >/dev/null
# The VM's speed drifts by tens of percent over a minute; each run's pair goes in the order
# opposite to the previous one's (alone first, then with streams first), so that a drift
# slows either side of the pairs alike.
alone=() with=() ratios=()
for i in $(seq "$RUNS"); do
  if ((i % 2)); then
    alone+=("$(replay 0)")
    with+=("$(replay "$STREAMS")")
  else
    with+=("$(replay "$STREAMS")")
    alone+=("$(replay 0)")
  fi
  ratios+=("$(echo "scale=3; ${with[-1]} / ${alone[-1]}" | bc)")
  echo "run $i: alone ${alone[-1]} s, with $STREAMS streams ${with[-1]} s, ratio ${ratios[-1]}"
done
ma=$(median "${alone[@]}") mw=$(median "${with[@]}")
echo "median replay to FINISHED: alone ${ma} s, with $STREAMS streams ${mw} s; slowdown $(echo "scale=1; ($mw - $ma) * 100 / $ma" | bc)%"
mr=$(median "${ratios[@]}")
# Throughput (updates per second) is the inverse of the time: a ratio of 1.10 is a 9.1% fall.
echo "median of the runs' ratios (with streams / alone): $mr; throughput falls by $(awk -v r="$mr" 'BEGIN { printf "%.1f", (1 - 1 / r) * 100 }')%"
