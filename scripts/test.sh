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
cd "$BUILD_DIR"
ctest -j "${JOBS:-2}" --output-on-failure --timeout 600
