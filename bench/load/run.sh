#!/usr/bin/env bash
# The load benchmark (issue 5), one command: publishes the AOT edge, builds a catalog of N tracks, and drives
# wrk on 127.0.0.1 against (a) the edge, (b) nginx serving the same bytes with gzip_static/brotli_static, ETag
# and a bearer check, (c) a naive per-request-serializing ASP.NET Core app — same requests, one run, wrk pinned
# to one core and the servers to the other. Prints Markdown for bench/RESULTS.md; progress goes to stderr.
#   bash bench/load/run.sh [--tracks 1000] [--duration 10] [--warmup 2] [--repeats 3] [--connections 32]
#                          [--server-cpu 1] [--wrk-cpu 0] [--servers edge,nginx,naive] (also: edge-copy, edge-sockets,
#                          and HTTPS: edge-tls, nginx-tls — the same certificate and bytes, compared with each other;
#                          and edge-baseline with --baseline-edge PATH: another build of the edge, for an A/B in one run)
#                          [--scenarios gzip,br,identity,304,401,close]
# HTTPS, as recorded in bench/RESULTS.md: --servers edge-tls,nginx-tls --scenarios gzip,304
# Needs: wrk, nginx (Debian: apt-get install wrk nginx-light libnginx-mod-http-brotli-static). SKIP_PUBLISH=1
# reuses artifacts/edge. Bounded: 6 scenarios × 3 servers × repeats × (warmup + duration) seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in wrk taskset; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install wrk nginx-light libnginx-mod-http-brotli-static)" >&2; exit 2; }
done
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "run.sh: nginx is missing (apt-get install nginx-light)" >&2; exit 2; }
if [ "${SKIP_PUBLISH:-0}" != 1 ]; then
  bash scripts/publish-edge.sh >/dev/null
fi
dotnet build bench/Layers.Bench.csproj -c Release --nologo -v quiet >/dev/null
dotnet build bench/load/NaiveServer/NaiveServer.csproj -c Release --nologo -v quiet >/dev/null
exec dotnet bench/bin/Release/net10.0/Layers.Bench.dll load "$@"
