#!/usr/bin/env bash
# The pipeline's throughput with STREAMS WatchAlerts streams against without, within each
# replay (issue 6): the RouteViews day replayed through bgpsentryd, raising alerts
# (bench/alert_streams_common.sh), cut into WINDOWS windows of equal updates; the streams are
# open in every other window (bench/alert_streams_toggle: a window with streams lasts until
# they have received its alerts). Runs go in pairs: the second run of a pair has the streams
# in the windows where the first had none. For each window, the rate alone over the rate with
# streams, from the pair's two runs; their geometric mean over the pair's windows cancels the
# VM's speed difference between the two runs (it slows one run's windows with streams and its
# windows alone alike). Prints each run's window rates, each pair's throughput with streams /
# alone, their median and the throughput's fall, and the share of the alerts raised in the
# windows with streams that the reading streams received. Streams that cannot deliver a
# window's alerts before the next window is through (one alert per response, MAX_BATCH=0)
# give no figure here: bench/alert_streams.sh measures them over whole runs.
# Why this bench: whole replays, one with streams and one alone (bench/alert_streams.sh),
# differ by +-25% on this VM for the same work, and sittings by +-15%, against a streams' cost
# of a few percent; see docs/performance-history.md. Needs -DBGPSENTRY_BENCH=ON. MAX_BATCH,
# BATCH_WAIT_MS, CLIENT_NICE and API_NICE as in bench/alert_streams.sh.
# Usage: [MAX_BATCH=N] [BATCH_WAIT_MS=N] bench/alert_streams_toggle.sh [STREAMS] [PAIRS] [WINDOWS] [GLOB]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/alert_streams_common.sh
STREAMS=${1:-200}
PAIRS=${2:-5}
WINDOWS=${3:-14}
GLOB=${4:-"$(cd ../shared/data && pwd)/mrt/routeviews-2008/day-20080223/updates.*.bz2"}
if ((WINDOWS % 2)); then
  echo "WINDOWS must be even: half the windows of a run with streams, half without" >&2
  exit 64
fi
WORK=$(mktemp -d /tmp/bgps-toggle-XXXXXX)
PID=
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

make_prefixes
cat $GLOB >/dev/null  # the archives into the page cache

# The replay's updates, from one replay alone: the windows' size.
start_agent
wait_for_status "$WORK/var/api.sock" all_finished
stop_agent
TOTAL=$(echo "$STATUS" | sed -n 's/.*"updates_processed":"\([0-9]*\)".*/\1/p')
echo "$TOTAL updates; $WINDOWS windows of $((TOTAL / WINDOWS))"

run() {  # $1: the run's number; $2: 1 if its first window has the streams
  start_agent
  until [ -S "$WORK/var/api.sock" ]; do sleep 0.02; done
  nice -n "$CLIENT_NICE" "$BIN/bench/alert_streams_toggle" "$WORK/var/api.sock" "$STREAMS" \
    "$TOTAL" "$WINDOWS" "$2" "$MAX_BATCH" "$BATCH_WAIT_MS" >"$WORK/run$1" ||
    echo "CLIENT FAILED" >>"$WORK/run$1"
  stop_agent
  # Each window's rate, in thousands of updates per second; * marks the windows with streams.
  awk -v run="$1" '$1 == "window" { r = r sprintf(" %.0f%s", $5 / $7 / 1000, $3 == "streams" ? "*" : "") }
    $1 != "window" { print } END { print "run " run ", k updates/s:" r }' "$WORK/run$1"
}

# One pair's figure: the geometric mean, over the windows, of (rate alone / rate with streams)
# from its two runs, inverted: throughput with / alone. None if a window with streams had to
# wait past the next window (or 2 s) for its alerts to reach the streams: they could not keep
# up (one alert per response, say), and the windows no longer split the work. None as well if
# a client failed: a reading stream missed, repeated or reordered an alert.
pair_ratio() {
  awk -v windows="$WINDOWS" '
    $1 == "CLIENT" { failed = 1 }
    $1 == "window" && $2 < windows {
      if ($5 == 0 || $13 >= 2000) overrun = 1
      rate = $5 / $7
      if ($3 == "alone") alone[$2] = rate; else with[$2] = rate
    }
    END {
      if (failed) { print "none: a client failed (above)"; exit }
      if (overrun) { print "none: the streams fell behind their windows"; exit }
      for (w in alone) if (w in with) { s += log(alone[w] / with[w]); n++ }
      if (n != windows) { print "none: a window is missing"; exit }
      printf "%.4f\n", exp(-s / n)
    }' "$@"
}

# Of the alerts raised in the windows with streams, the share the reading streams received
# before the window's end cancelled them.
received_share() {
  awk -v windows="$WINDOWS" -v readers=$((STREAMS - 1)) '
    $1 == "window" && $2 < windows && $3 == "streams" { raised += $9 * readers; got += $11 }
    END { printf "%.3f\n", raised ? got / raised : 0 }' "$@"
}

# The pair's figure by window, over the pairs given: where in the archive the streams cost more.
by_window() {
  for p in "$@"; do cat "$WORK/run$((2 * p - 1))" "$WORK/run$((2 * p))"; done |
    awk -v windows="$WINDOWS" '
      $1 == "window" && $2 < windows { rate[$2, $3] = $5 / $7; if ($3 == "streams") pairs[$2]++ }
      $1 == "window" && $2 < windows && (($2, "streams") in rate) && (($2, "alone") in rate) {
        s[$2] += log(rate[$2, "streams"] / rate[$2, "alone"]); delete rate[$2, "streams"]; delete rate[$2, "alone"]
      }
      END { for (w = 0; w < windows; w++) printf " %d: %.3f", w, exp(s[w] / pairs[w]); print "" }'
}

ratios=() complete=()
for p in $(seq "$PAIRS"); do
  run $((2 * p - 1)) $((p % 2))
  run $((2 * p)) $(((p + 1) % 2))
  ratio=$(pair_ratio "$WORK/run$((2 * p - 1))" "$WORK/run$((2 * p))")
  echo "pair $p: throughput with $STREAMS streams / alone $ratio"
  if [[ $ratio != none* ]]; then
    ratios+=("$ratio")
    complete+=("$p")
  fi
done
echo "the streams received $(received_share "$WORK"/run*) of the alerts raised in their windows"
if [ ${#ratios[@]} -eq 0 ]; then
  echo "no pair measured: the streams could not deliver each window's alerts in time; bench/alert_streams.sh measures whole runs"
  exit 1
fi
echo "by window, throughput with streams / alone (geometric mean over the pairs):$(by_window "${complete[@]}")"
m=$(median "${ratios[@]}")
echo "median over ${#ratios[@]} of $PAIRS pairs: throughput with $STREAMS streams / alone $m; falls by $(awk -v m="$m" 'BEGIN { printf "%.1f", (1 - m) * 100 }')%"
