#!/usr/bin/env bash
# First run (docs/contract/README.md#first-run): the real builder turns the sample feed into a snapshot in a local folder store,
# creates a dev key, and starts the Native-AOT edge on localhost with that store.
#   PORT=8080 (default) chooses the port; the store is .local/store (delete it to start over).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
port="${PORT:-8080}"
store="$PWD/.local/store"
mkdir -p .local

echo "== building SnapshotBuilder and publishing the Native-AOT edge (first time: about a minute)"
dotnet build src/SnapshotBuilder/SnapshotBuilder.csproj -c Release --nologo -v quiet
bash scripts/publish-edge.sh > .local/publish.log 2>&1 || { cat .local/publish.log; exit 1; }
builder=(dotnet src/SnapshotBuilder/bin/Release/net10.0/SnapshotBuilder.dll)

echo "== building the catalog from samples/feed/trending.json into $store"
# Media URLs point at this edge, which serves the mirrored media from the store in dev mode.
"${builder[@]}" build --source samples/feed/trending.json --store "$store" --report .local/build-report.json \
  --media-base-url "http://127.0.0.1:$port/media"
key="$("${builder[@]}" keys create --store "$store" --id "dev-$(date +%Y%m%d-%H%M%S)" --scope publish:read)"

cat <<BANNER

  Layers EdgeCatalog on http://127.0.0.1:$port  (build report: .local/build-report.json)

  dev key:  $key

  curl -s -H 'Authorization: Bearer $key' http://127.0.0.1:$port/v1/tiktok-music

  track picker: http://127.0.0.1:$port/picker   (paste the dev key)

  (Ctrl+C stops the server.)

BANNER
LAYERS_DEV_MODE=1 exec artifacts/edge/EdgeCatalog --store "$store" --urls "http://127.0.0.1:$port"
