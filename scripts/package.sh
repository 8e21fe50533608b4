#!/usr/bin/env bash
# Builds the .deb and .rpm packages into build/ (installs rpm's tools if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
dpkg -s rpm >/dev/null 2>&1 || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo;
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends rpm; }
./scripts/build.sh
cd "${BUILD_DIR:-build}"
cpack -G DEB
cpack -G RPM
ls -l ./*.deb ./*.rpm
