#!/usr/bin/env bash
# README command 1: install dependencies, build, and run bgpsentryd on its default config.
# With no live feed configured it replays the bundled real MRT sample of the 2008 YouTube
# hijack and raises the sub-prefix hijack alert within seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh

CONFIG=data/demo/bgpsentry.yml
SOCKET=var/bgpsentry.sock
BGPCTL="build/ctl/bgpctl --socket $SOCKET"
mkdir -p var
build/agent/bgpsentryd --config "$CONFIG" --check-config

echo "== starting bgpsentryd (log: var/bgpsentryd.log)"
build/agent/bgpsentryd --config "$CONFIG" >>var/bgpsentryd.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; echo; echo "bgpsentryd stopped"' EXIT INT TERM

for _ in $(seq 600); do
  if $BGPCTL -o json status 2>/dev/null | grep -q '"state":"FINISHED"'; then break; fi
  if ! kill -0 $PID 2>/dev/null; then echo "bgpsentryd exited:"; tail -20 var/bgpsentryd.log; exit 1; fi
  sleep 0.1
done
echo
$BGPCTL status
echo
echo "== alerts"
$BGPCTL alerts list
echo
echo "== events"
$BGPCTL events list
echo
echo "== what the world saw for 208.65.153.0/24 in its first minute"
$BGPCTL history 208.65.153.0/24 --from 2008-02-24T18:47:00Z --to 2008-02-24T18:48:00Z --limit 10
echo
cat <<MSG
bgpsentryd keeps running (pid $PID). In another terminal, try:
  $BGPCTL alerts list -o json
  $BGPCTL events show 1
  $BGPCTL alerts watch --from-id 0
  $BGPCTL history 208.65.153.0/24 --from '2008-02-24 18:47' --to '2008-02-24 18:50'
Alerts are also in var/alerts.jsonl. Ctrl-C stops the daemon.
MSG
wait $PID
