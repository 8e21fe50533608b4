# Shared by bench/alert_streams.sh and bench/alert_streams_toggle.sh (sourced; the functions
# need GLOB and WORK): their settings, and the RouteViews day replayed through bgpsentryd (MRT
# source: decode, store, detect) with 1,000 of its prefixes monitored with an origin they never
# have, so that their announcements raise alerts.
BIN=${BIN:-build}
MAX_BATCH=${MAX_BATCH:-0}
BATCH_WAIT_MS=${BATCH_WAIT_MS:-0}
CLIENT_NICE=${CLIENT_NICE:-0}
API_NICE=${API_NICE:-10}
source bench/wait_status.sh

# 1,000 prefixes announced in the first files, monitored with AS64496 (documentation) as origin.
make_prefixes() {
  "$BIN/ctl/bgpctl" mrt dump -m --type a $(ls $GLOB | head -4) |
    awk -F'|' '!($6 in seen) { seen[$6] = 1; printf "%s:\n  asn: 64496\n", $6; if (++k == 1000) exit }' \
      >"$WORK/prefixes.yml" || true
}

# A fresh data dir and config, and bgpsentryd started on them in the background (PID); its
# API socket is $WORK/var/api.sock.
start_agent() {
  rm -rf "$WORK/var" "$WORK/target"
  cat >"$WORK/bgpsentry.yml" <<YML
data_dir: ./var
prefixes_file: prefixes.yml
log_level: warn
api: {unix_socket: ./var/api.sock, stalled_stream_seconds: 5, nice: $API_NICE}
sources: [{type: mrt, paths: ["$GLOB"]}]
YML
  "$BIN/agent/bgpsentryd" --config "$WORK/bgpsentry.yml" >"$WORK/log" 2>&1 &
  PID=$!
}

stop_agent() {
  kill $PID
  wait $PID || true
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (a[int((NR + 1) / 2)] + a[int(NR / 2) + 1]) / 2 }'
}
