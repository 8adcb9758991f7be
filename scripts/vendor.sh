#!/usr/bin/env bash
# Fetch the front-end libraries Carré serves itself, unmodified, from the npm
# registry (through the machine's npm client), after checking each tarball
# against the integrity hash the registry publishes. Run from the checkout:
#   bash scripts/vendor.sh
# Each library lands in static/vendor/<name>-<version>/ with its licence and
# a PROVENANCE file naming the package, version and integrity hash.
set -euo pipefail
cd "$(dirname "$0")/.."

vendor() {
  local package=$1 version=$2 dest=$3
  shift 3
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  local tarball
  tarball=$(ls "$work"/*.tgz)
  local expected actual
  expected=$(npm view "$package@$version" dist.integrity)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$expected" != "$actual" ]; then
    echo "integrity mismatch for $package@$version" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$work"
  rm -rf "static/vendor/$dest"
  mkdir -p "static/vendor/$dest"
  for file in "$@"; do
    mkdir -p "static/vendor/$dest/$(dirname "$file")"
    cp "$work/package/$file" "static/vendor/$dest/$file"
  done
  printf 'package: %s\nversion: %s\nintegrity: %s\nfiles: %s\n' \
    "$package" "$version" "$expected" "$*" >"static/vendor/$dest/PROVENANCE"
  rm -rf "$work"
  echo "vendored $package@$version into static/vendor/$dest"
}

vendor htmx.org 2.0.8 htmx-2.0.8 dist/htmx.min.js LICENSE
vendor leaflet 1.9.4 leaflet-1.9.4 dist/leaflet.js dist/leaflet.css \
  dist/images/marker-icon.png dist/images/marker-icon-2x.png \
  dist/images/marker-shadow.png dist/images/layers.png dist/images/layers-2x.png \
  dist/leaflet.js.map LICENSE
# The map's background when no tile server is configured: Natural Earth's
# country borders (public domain, 1:50m) as TopoJSON, and the decoder.
vendor world-atlas 2.0.2 world-atlas-2.0.2 countries-50m.json LICENSE
vendor topojson-client 3.1.0 topojson-client-3.1.0 dist/topojson-client.min.js LICENSE
