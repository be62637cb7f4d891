#!/usr/bin/env bash
# Fetch the front-end libraries from the npm registry (npm pack, no install, no build)
# and copy the files dihub serves, with their licences, into dihub/web/static/vendor/.
# Run it to upgrade a library; the result is committed, so users need neither Node nor
# the internet. Versions are pinned here.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=dihub/web/static/vendor
PACKAGES=(
  "leaflet@1.9.4"
  "supercluster@9.1.0"
  "world-atlas@2.0.2"
  "topojson-client@3.1.0"
  "htmx.org@2.0.11"
  "chart.js@4.5.1"
  "dejavu-fonts-ttf@2.37.3"
)
command -v npm >/dev/null || { echo "npm is needed to fetch the vendored files" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

unpack() {  # unpack PACKAGE@VERSION into $WORK/NAME, print that folder
  local spec=$1 name=${1%@*} tarball
  tarball=$(cd "$WORK" && npm pack --silent "$spec" | tail -n 1)
  mkdir -p "$WORK/$name"
  tar -xzf "$WORK/$tarball" -C "$WORK/$name" --strip-components=1
  echo "$WORK/$name"
}

licence() {  # copy a package's licence file as LICENSE
  local src=$1 out=$2 f
  for f in LICENSE LICENSE.md LICENSE.txt LICENCE MIT-LICENCE.txt license; do
    if [ -f "$src/$f" ]; then cp "$src/$f" "$out/LICENSE"; return; fi
  done
  echo "no licence file in $src" >&2; exit 1
}

rm -rf "$DEST"
mkdir -p "$DEST"
: > "$WORK/VERSIONS"
for spec in "${PACKAGES[@]}"; do
  name=${spec%@*}
  src=$(unpack "$spec")
  out="$DEST/$name"
  mkdir -p "$out"
  case $name in
    leaflet)
      cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$out/"
      cp -r "$src/dist/images" "$out/" ;;
    supercluster)  # the search map's clusters; its UMD bundle includes kdbush
      cp "$src/dist/supercluster.min.js" "$out/" ;;
    world-atlas)
      cp "$src/countries-50m.json" "$src/countries-110m.json" "$out/" ;;
    topojson-client)
      cp "$src/dist/topojson-client.min.js" "$out/" ;;
    htmx.org)
      cp "$src/dist/htmx.min.js" "$out/" ;;
    chart.js)  # the DMA report's radar chart (dihub/maturity/static/maturity/report.js)
      cp "$src/dist/chart.umd.min.js" "$out/" ;;
    dejavu-fonts-ttf)  # no page uses it: the DMA report PDF's font (ó, ü, ł, ą, ő...)
      cp "$src/ttf/DejaVuSans.ttf" "$src/ttf/DejaVuSans-Bold.ttf" "$out/" ;;
  esac
  licence "$src" "$out"
  version=$(node -p "require('$src/package.json').version" 2>/dev/null || echo "${spec##*@}")
  echo "$name $version https://registry.npmjs.org/$name" >> "$WORK/VERSIONS"
done
cp "$WORK/VERSIONS" "$DEST/VERSIONS"
echo "vendored into $DEST:"
cat "$DEST/VERSIONS"

# Tests only, never served: axe-core, injected by the browser tests to check accessibility.
TEST_DEST=dihub/search/tests/vendor
rm -rf "$TEST_DEST"
mkdir -p "$TEST_DEST/axe-core"
src=$(unpack "axe-core@4.11.1")
cp "$src/axe.min.js" "$src/LICENSE-3RD-PARTY.txt" "$TEST_DEST/axe-core/"
licence "$src" "$TEST_DEST/axe-core"
echo "axe-core 4.11.1 https://registry.npmjs.org/axe-core" > "$TEST_DEST/VERSIONS"
echo "vendored into $TEST_DEST:"
cat "$TEST_DEST/VERSIONS"
