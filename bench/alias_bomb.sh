#!/usr/bin/env bash
# A hostile prefixes.yml (issue 29, defect 4): 100,000 prefixes aliasing one anchor of
# 10,000 ASNs (2.7 MB), sent RUNS times by a viewer over the read-only socket with
# `bgpctl config validate --prefixes`, and given to `bgpsentryd --check-config`. Prints each
# refusal's time, the median, and the daemon's peak RSS. Target: refused in under 1 s, the
# daemon below 200 MB.
# Usage: bench/alias_bomb.sh [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/wait_status.sh
RUNS=${1:-5}
BIN=${BIN:-build}
WORK=$(mktemp -d /tmp/bgps-bench-XXXXXX)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
awk 'BEGIN {
  printf "10.0.0.0/24:\n  asn: &a ["
  for (i = 0; i < 10000; i++) printf "%s%d", (i ? "," : ""), 64512 + i
  print "]"
  for (i = 1; i < 100000; i++) printf "%d.%d.%d.0/24: {asn: *a}\n", 10 + int(i / 65536), int(i / 256) % 256, i % 256
}' >"$WORK/bomb.yml"
cp data/demo/prefixes.yml "$WORK/"
cat >"$WORK/bgpsentry.yml" <<YML
data_dir: ./var
prefixes_file: prefixes.yml
log_level: warn
api: {unix_socket: ./var/api.sock, readonly_socket: ./var/api-ro.sock}
sources: [{type: mrt, paths: ["$PWD/data/samples/updates.*.bz2"]}]
YML
"$BIN/agent/bgpsentryd" --config "$WORK/bgpsentry.yml" >"$WORK/log" 2>&1 &
PID=$!
wait_for_status "$WORK/var/api.sock" all_finished
echo "file: $(wc -c <"$WORK/bomb.yml") bytes; daemon peak RSS before: $(awk '/VmHWM/ {print $2}' /proc/$PID/status) kB"
times=()
for run in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  out=$("$BIN/ctl/bgpctl" --socket "$WORK/var/api-ro.sock" config validate --prefixes "$WORK/bomb.yml" 2>&1 || true)
  t=$(echo "$(date +%s.%N) - $start" | bc)
  times+=("$t")
  echo "run $run: ${t}s: $(echo "$out" | head -1)"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "median of %d: %ss\n", NR, t[int((NR + 1) / 2)] }'
echo "daemon peak RSS after: $(awk '/VmHWM/ {print $2}' /proc/$PID/status) kB"
sed 's|prefixes_file: prefixes.yml|prefixes_file: bomb.yml|; s|./var|./var2|g' "$WORK/bgpsentry.yml" >"$WORK/check.yml"
/usr/bin/time -f "--check-config: %e s, peak RSS %M kB" "$BIN/agent/bgpsentryd" --config "$WORK/check.yml" --check-config 2>&1 | tail -1
