#!/usr/bin/env bash
# IRR dump load (issue 32: a 1,000,000-object file in under 2 s, its memory reported): a
# generated RADB-format dump (bench/irr_dump_gen.py; no real dump with provenance is
# available here), plain and gzip, loaded by `bgpctl irr check --file`, which is the agent's
# loader (IrrDatabase::load) and prints its own load time and memory on stderr.
# Usage: bench/irr_load.sh [OBJECTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
OBJECTS=${1:-1000000}
RUNS=${2:-7}
BGPCTL=${BGPCTL:-build/ctl/bgpctl}
WORK=$(mktemp -d /tmp/bgps-irr-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 bench/irr_dump_gen.py "$OBJECTS" "$WORK/radb.db"
gzip -k "$WORK/radb.db"
ls -l "$WORK"/radb.db*
for f in radb.db radb.db.gz; do
  echo "== $f: the loader's own figures (3 runs)"
  for _ in 1 2 3; do "$BGPCTL" irr check 208.65.153.0/24 17557 -f "$WORK/$f" 2>&1 >/dev/null; done
  echo "== $f: whole process (farm-bench)"
  farm-bench -n "$RUNS" --timeout 300 -- "$BGPCTL" irr check 208.65.153.0/24 17557 -f "$WORK/$f"
done
