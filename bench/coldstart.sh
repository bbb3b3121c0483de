#!/usr/bin/env bash
# Native-AOT cold start: from Process.Start of the published edge to its first authorized 200 on
# /v1/tiktok-music, from a local folder store (bench/ColdStart.cs). Prints one line a run and the median.
#   bash bench/coldstart.sh [runs] [tracks]     (SKIP_PUBLISH=1 reuses artifacts/edge)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_PUBLISH:-0}" != 1 ]; then
  bash scripts/publish-edge.sh >/dev/null
fi
dotnet build bench/Layers.Bench.csproj -c Release --nologo -v quiet >/dev/null
exec dotnet bench/bin/Release/net10.0/Layers.Bench.dll coldstart "${1:-21}" "${2:-1000}"
