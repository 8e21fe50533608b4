#!/usr/bin/env bash
# Fetches the real public test data (tests/data/test-data.manifest) from its origins into
# DIR (default: the cache the tests look in), checking every file's SHA-256. Files already
# there with the right checksum are kept. The tests find the data in $BGPSENTRY_TEST_DATA,
# else ../shared/data beside the checkout, else this cache.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/bgpsentry/test-data}
# A mirror may list its own URLs for the same files and checksums.
MANIFEST=${BGPSENTRY_TEST_DATA_MANIFEST:-tests/data/test-data.manifest}
command -v curl >/dev/null || { echo "fetch-test-data: needs curl (apt-get install curl)" >&2; exit 2; }
mkdir -p "$DIR"
fetched=0 kept=0 derived=0 failed=0
while read -r path sum url; do
  case "$path" in ''|'#'*) continue ;; esac
  dest="$DIR/$path"
  if [ -f "$dest" ] && echo "$sum  $dest" | sha256sum --quiet -c - >/dev/null 2>&1; then
    kept=$((kept + 1)); continue
  fi
  if [ "$url" = derived ]; then derived=$((derived + 1)); continue; fi
  mkdir -p "$(dirname "$dest")"
  # A partial download never takes the real name: the tests would read it.
  if curl -fsSL --retry 2 --max-time 300 -o "$dest.part" "$url" &&
     echo "$sum  $dest.part" | sha256sum --quiet -c - >/dev/null 2>&1; then
    mv "$dest.part" "$dest"; fetched=$((fetched + 1))
  else
    rm -f "$dest.part"; failed=$((failed + 1))
    echo "fetch-test-data: $path: not fetched or checksum differs ($url)" >&2
  fi
done < "$MANIFEST"
echo "fetch-test-data: $DIR: $fetched fetched, $kept already there, $failed failed," \
     "$derived derived files left out (no test reads them yet)"
[ "$failed" -eq 0 ]
