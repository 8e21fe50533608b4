# Shared by the RIS Live benches (sourced).
# start_feed SUBSCRIPTIONS [replay server options...]: serves $WORK/feed.jsonl with our
# replay server; sets SERVER and URL.
start_feed() {
  "$BIN/tests/ris_live_replay_server" "$WORK/feed.jsonl" "$@" >"$WORK/server.out" &
  SERVER=$!
  until [ -s "$WORK/server.out" ]; do sleep 0.1; done
  URL=$(head -1 "$WORK/server.out")
}
# start_agent: bgpsentryd on $URL with $WORK/prefixes.yml (history scope all); sets PID.
start_agent() {
  cat >"$WORK/bgpsentry.yml" <<YML
data_dir: ./var
prefixes_file: prefixes.yml
log_level: warn
api: {unix_socket: ./var/api.sock}
sources: [{type: ris_live, url: "$URL"}]
YML
  "$BIN/agent/bgpsentryd" --config "$WORK/bgpsentry.yml" >"$WORK/log" 2>&1 &
  PID=$!
}
