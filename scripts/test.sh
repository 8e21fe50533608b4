#!/usr/bin/env bash
# README command 2: install dependencies, build, and run the whole test suite.
# BGPSENTRY_SANITIZE=1 builds and runs it under AddressSanitizer + UBSan in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
if [ "${BGPSENTRY_SANITIZE:-0}" = 1 ]; then
  export BUILD_DIR=${BUILD_DIR:-build-asan}
  ./scripts/build.sh -DBGPSENTRY_SANITIZE=ON
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
  export BUILD_DIR=${BUILD_DIR:-build}
  ./scripts/build.sh
fi
repo=$(pwd)
cd "$BUILD_DIR"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
ctest -j "${JOBS:-2}" --output-on-failure --timeout 600 2>&1 | tee "$log" || status=${PIPESTATUS[0]}
# The tests' own order of places to find the real data (tests/test_env.cpp).
data=${BGPSENTRY_TEST_DATA:-${BGPSENTRY_SHARED_DATA:-}}
for dir in "$repo/../shared/data" "${XDG_CACHE_HOME:-$HOME/.cache}/bgpsentry/test-data"; do
  [ -z "$data" ] && [ -d "$dir/mrt" ] && data=$dir
done
skipped=$(grep -c '(Skipped)$' "$log" || true)
echo "== $skipped tests skipped (listed above)"
if [ -z "$data" ] || [ ! -d "$data" ]; then
  echo "== no real public test data here: the tests that need it were skipped." \
       "scripts/fetch-test-data.sh fetches it (or point BGPSENTRY_TEST_DATA at a copy)"
fi
exit "$status"
