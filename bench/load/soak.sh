#!/usr/bin/env bash
# The soak, one command: the published AOT edge on every core under five concurrent wrk streams (keep-alive 200
# gzip, 304, 200 identity, 401, Connection: close churn) while a new snapshot is published every --swap-every
# seconds. Prints Markdown for bench/RESULTS.md (progress on stderr); exits 1 on any socket error, unexpected
# status, missed swap, leaked descriptor or a node that stops answering.
#   bash bench/load/soak.sh [--duration 600] [--swap-every 60] [--tracks 1000]
# Needs wrk. SKIP_PUBLISH=1 reuses artifacts/edge. Bounded: 127.0.0.1 only, --duration seconds plus a few.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "soak.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
if [ "${SKIP_PUBLISH:-0}" != 1 ]; then
  bash scripts/publish-edge.sh >/dev/null
fi
dotnet build bench/Layers.Bench.csproj -c Release --nologo -v quiet >/dev/null
exec dotnet bench/bin/Release/net10.0/Layers.Bench.dll soak "$@"
