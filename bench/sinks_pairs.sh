#!/usr/bin/env bash
# What delivery costs the pipeline (issue 31): the RouteViews day replayed through bgpsentryd
# (decode, store, detect) with 1,000 of its prefixes monitored with a wrong origin, so that
# it raises thousands of alerts, once with no sinks and once with four — file, syslog over TCP
# to Debian's rsyslog, a Slack webhook to an HTTPS server and email through STARTTLS and AUTH
# to aiosmtpd, all on 127.0.0.1 (the servers of the tests), the chat and mail sinks on their
# default storm limit — in pairs, the order alternating. Each pair's figure is the
# throughput (updates to FINISHED per second) with sinks over without; the median over the
# pairs is the fall. Also each run's CPU seconds (bgpsentryd's own, from /proc), less noisy
# than wall time on a shared VM, and how far each sink had delivered at FINISHED.
# Usage: [SINKS=...] bench/sinks_pairs.sh [PAIRS] [GLOB]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/alert_streams_common.sh
PAIRS=${1:-5}
GLOB=${2:-"$(cd ../shared/data && pwd)/mrt/routeviews-2008/day-20080223/updates.*.bz2"}
WORK=$(mktemp -d /tmp/bgps-sinks-XXXXXX)
PID= SERVERS=()
trap 'kill $PID "${SERVERS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The servers: a test CA and a certificate for 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" -days 1 \
  -subj /CN=bench-ca 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$WORK/server.cnf"
openssl req -newkey rsa:2048 -nodes -keyout "$WORK/server.key" -out "$WORK/server.csr" \
  -subj /CN=127.0.0.1 2>/dev/null
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" \
  -CAcreateserial -out "$WORK/server.pem" -days 1 -extfile "$WORK/server.cnf" 2>/dev/null
SYSLOG_PORT=$(port) HTTPS_PORT=$(port) SMTP_PORT=$(port)
cat >"$WORK/rsyslog.conf" <<CONF
global(workDirectory="$WORK")
module(load="imtcp")
ruleset(name="in") { action(type="omfile" file="$WORK/syslog.log") }
input(type="imtcp" address="127.0.0.1" port="$SYSLOG_PORT" ruleset="in")
CONF
/usr/sbin/rsyslogd -n -f "$WORK/rsyslog.conf" -i "$WORK/rsyslog.pid" >"$WORK/rsyslog.out" 2>&1 &
SERVERS+=($!)
/usr/bin/python3 tests/support/webhook_server.py --port "$HTTPS_PORT" --cert "$WORK/server.pem" \
  --key "$WORK/server.key" --log "$WORK/webhook.jsonl" >"$WORK/webhook.out" 2>&1 &
SERVERS+=($!)
/usr/bin/python3 tests/support/smtp_server.py --port "$SMTP_PORT" --cert "$WORK/server.pem" \
  --key "$WORK/server.key" --log "$WORK/mail.jsonl" >"$WORK/smtp.out" 2>&1 &
SERVERS+=($!)
sleep 2

make_prefixes
cat $GLOB >/dev/null  # the archives into the page cache

# SINKS (a sinks: block, the servers' ports in $SYSLOG_PORT, $HTTPS_PORT, $SMTP_PORT) replaces
# the four, to find which one costs what.
DEFAULT_SINKS="sinks:
  - {type: file, path: ./var/alerts.jsonl}
  - {type: syslog, name: siem, address: \"tcp://127.0.0.1:$SYSLOG_PORT\"}
  - {type: webhook, name: noc-slack, format: slack, url: \"https://127.0.0.1:$HTTPS_PORT/services/T/B/X\", ca_file: $WORK/ca.pem}
  - {type: email, name: mail, url: \"smtp://127.0.0.1:$SMTP_PORT\", from: bgp@example.net, to: [noc@example.net], username: bgp, password: s3cret, ca_file: $WORK/ca.pem}"
SINKS=$(eval "echo \"${SINKS:-$DEFAULT_SINKS}\"")

servers_ticks() {  # the receiving servers' CPU so far
  for p in "${SERVERS[@]}"; do awk '{ print $14 + $15 }' /proc/$p/stat; done | awk '{ s += $1 } END { print s + 0 }'
}

run() {  # $1: "sinks" or "none"; prints "updates seconds cpu_seconds"
  rm -rf "$WORK/var"
  cat >"$WORK/bgpsentry.yml" <<YML
data_dir: ./var
prefixes_file: prefixes.yml
log_level: warn
api: {unix_socket: ./var/api.sock}
sources: [{type: mrt, paths: ["$GLOB"]}]
YML
  [ "$1" = sinks ] && echo "$SINKS" >>"$WORK/bgpsentry.yml"
  local servers_before
  servers_before=$(servers_ticks)
  local start=$EPOCHREALTIME
  "$BIN/agent/bgpsentryd" --config "$WORK/bgpsentry.yml" >"$WORK/log" 2>&1 &
  PID=$!
  wait_for_status "$WORK/var/api.sock" all_finished
  local end=$EPOCHREALTIME
  local ticks cpu
  ticks=$(awk '{ print $14 + $15 }' /proc/$PID/stat)
  cpu=$(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc)
  local updates alerts
  updates=$(echo "$STATUS" | sed -n 's/.*"updates_processed":"\([0-9]*\)".*/\1/p')
  alerts=$(echo "$STATUS" | sed -n 's/.*"last_alert_id":"\([0-9]*\)".*/\1/p')
  if [ "$1" = sinks ]; then
    # The sink threads' own CPU (bgps-sinks), a share of the process's: less noisy than
    # either run's wall time, since both sides come from the same run.
    local sink_ticks
    sink_ticks=$(for t in /proc/$PID/task/*; do
      [ "$(cat "$t/comm")" = bgps-sinks ] && awk '{ print $14 + $15 }' "$t/stat"
    done | awk '{ s += $1 } END { print s + 0 }')
    echo "sink threads: $(echo "scale=2; $sink_ticks / $(getconf CLK_TCK)" | bc)s CPU, $(echo "scale=1; 100 * $sink_ticks / $ticks" | bc)% of the process's; the receivers on the same cores: $(echo "scale=2; ($(servers_ticks) - $servers_before) / $(getconf CLK_TCK)" | bc)s" >&2
    echo "$STATUS" | grep -o '"name":"[a-z-]*","delivered_id":"[0-9]*"' | tr '\n' ' ' >&2
    echo "(of $alerts alerts)" >&2
  fi
  stop_agent
  echo "$updates $(echo "$end - $start" | bc) $cpu"
}

ratios=() cpu_ratios=()
for p in $(seq "$PAIRS"); do
  if ((p % 2)); then order="none sinks"; else order="sinks none"; fi
  declare -A r=()
  for kind in $order; do r[$kind]=$(run "$kind"); done
  read -r u0 s0 c0 <<<"${r[none]}"
  read -r u1 s1 c1 <<<"${r[sinks]}"
  ratio=$(echo "scale=4; ($u1 / $s1) / ($u0 / $s0)" | bc)
  cpu_ratio=$(echo "scale=4; $c1 / $c0" | bc)
  ratios+=("$ratio") cpu_ratios+=("$cpu_ratio")
  printf 'pair %d (%s): none %d updates in %.2fs (%.0f/s, CPU %ss); sinks %.2fs (%.0f/s, CPU %ss): throughput with/without %s, CPU %s\n' \
    "$p" "$order" "$u0" "$s0" "$(echo "$u0 / $s0" | bc)" "$c0" "$s1" "$(echo "$u1 / $s1" | bc)" "$c1" "$ratio" "$cpu_ratio"
done
m=$(median "${ratios[@]}")
echo "median over $PAIRS pairs: throughput with sinks / without $m (falls by $(awk -v m="$m" 'BEGIN { printf "%.1f", (1 - m) * 100 }')%); CPU with / without $(median "${cpu_ratios[@]}")"
echo "received: syslog $(wc -l <"$WORK/syslog.log") lines, webhook $(wc -l <"$WORK/webhook.jsonl") posts, mail $(wc -l <"$WORK/mail.jsonl" 2>/dev/null || echo 0) messages"
