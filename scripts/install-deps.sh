#!/usr/bin/env bash
# Installs every build and test dependency from Debian 12 packages.
# Used by the README's commands and by .ci/run; safe to run repeatedly.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git
  libgrpc++-dev libabsl-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libspdlog-dev libfmt-dev libyaml-cpp-dev libsimdjson-dev libcli11-dev
  libboost-dev libssl-dev zlib1g-dev libbz2-dev libre2-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  bgpdump bzip2 stayrtr openssl systemd tinyproxy groff-base curl
  rsyslog rsyslog-openssl python3 python3-aiosmtpd
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
