#!/usr/bin/env bash
# Two builds of a one-core bench run at the same time, one per core, so that both see the
# same noise from the VM's neighbours (single runs on the project's VMs swing by 2x within
# minutes). Prints each pair's "run N: …" lines side by side.
# Usage: bench/side_by_side.sh ROUNDS BIN_A BIN_B [ARGS…]
#   e.g. bench/side_by_side.sh 4 /tmp/engine_bench_old build/bench/engine_bench \
#          ../shared/data/mrt/routeviews-2008/day-20080223 100000 3
set -euo pipefail
rounds=$1 a=$2 b=$3
shift 3
out=$(mktemp -d /tmp/bgps-pair-XXXXXX)
trap 'rm -rf "$out"' EXIT
runs() { grep -E '^run' "$1" | awk '{print $5}' | tr '\n' ' '; }
for r in $(seq "$rounds"); do
  "$a" "$@" >"$out/a" 2>&1 &
  "$b" "$@" >"$out/b" 2>&1
  wait
  echo "round $r: A $(runs "$out/a")| B $(runs "$out/b")"
done
