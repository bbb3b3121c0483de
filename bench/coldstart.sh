#!/usr/bin/env bash
# Native-AOT cold start: from exec of the published edge to its first authorized 200 on /v1/tiktok-music,
# from a local folder store with a 1,000-track snapshot. Prints one line a run and the median.
#   bash bench/coldstart.sh [runs]        (needs artifacts/edge/EdgeCatalog: bash scripts/publish-edge.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build bench/Layers.Bench.csproj -c Release --nologo -v quiet >/dev/null
key=$(dotnet run -c Release --project bench --no-build -- make-store "$work/store" 1000)
port=18391
times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  LAYERS_STORE="$work/store" LAYERS_CACHE_DIR="$work/cache" artifacts/edge/EdgeCatalog --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/tiktok-music")" = 200 ]; do
    sleep 0.001
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median %d ms, min %d ms, max %d ms over %d runs\n", a[int((NR + 1) / 2)], a[1], a[NR], NR }'
