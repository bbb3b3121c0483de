#!/usr/bin/env bash
# Runs every test (the README's test command). Installs what is missing (Debian packages, the npm test
# server), publishes the Native-AOT
# edge (failing on any trim/AOT warning) so the edge suites exercise the real binary, then runs the
# whole solution's tests. The tests start and stop their own servers on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== Debian packages (scripts/install-deps.sh)"
bash scripts/install-deps.sh

echo "== npm ci (s3rver test server; the Kubernetes schema validator)"
(cd tests/s3rver && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/kubernetes && npm ci --no-audit --no-fund --loglevel=error)

echo "== dotnet format --verify-no-changes"
dotnet format LayersMusic.sln --verify-no-changes

echo "== publish the Native-AOT edge"
bash scripts/publish-edge.sh > artifacts-publish.log 2>&1 || { cat artifacts-publish.log; rm -f artifacts-publish.log; exit 1; }
rm -f artifacts-publish.log

echo "== pack the publish client"
dotnet pack src/PublishClient/PublishClient.csproj -c Release -o artifacts/packages --nologo -v quiet

echo "== benchmark smoke runs (short, so the suites cannot rot; figures are in bench/RESULTS.md)"
dotnet build bench/Layers.Bench.csproj -c Release --nologo -v quiet
dotnet run -c Release --project bench --no-build -- build-e2e 40
dotnet run -c Release --project bench --no-build -- --filter '*' --job dry > artifacts-bench.log 2>&1 || { cat artifacts-bench.log; rm -f artifacts-bench.log; exit 1; }
grep -q "executed benchmarks: [1-9]" artifacts-bench.log || { cat artifacts-bench.log; rm -f artifacts-bench.log; echo "benchmark smoke ran nothing" >&2; exit 1; }
rm -f artifacts-bench.log
# The load benchmark end to end at toy size: three servers, every scenario, response checks; figures meaningless.
SKIP_PUBLISH=1 bash bench/load/run.sh --tracks 100 --duration 1 --warmup 0 --repeats 1 --connections 4 >/dev/null
# The HTTPS scenarios (edge and nginx terminating TLS with the same certificate) at the same toy size.
SKIP_PUBLISH=1 bash bench/load/run.sh --tracks 100 --duration 1 --warmup 0 --repeats 1 --connections 4 --servers edge-tls,nginx-tls --scenarios gzip,304 >/dev/null
SKIP_PUBLISH=1 bash bench/coldstart.sh 2 100 >/dev/null
# The soak at toy size: every stream and swap checked (it exits 1 on a socket error, a missed swap, a leaked descriptor).
SKIP_PUBLISH=1 bash bench/load/soak.sh --duration 15 --swap-every 5 --tracks 100 >/dev/null

echo "== dotnet test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test LayersMusic.sln 2>&1 | tee "$log" || status=$?
# One closing line for all suites, in the plain "N passed, N failed" form.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { gsub(",", "", p); printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
