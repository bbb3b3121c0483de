#!/usr/bin/env bash
# Publishes EdgeCatalog as Native AOT to artifacts/edge/ and fails on any trim or AOT warning.
# The one publish command: CI, scripts/test.sh, scripts/dev.sh and Dockerfile.aot all run this.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet publish src/EdgeCatalog/EdgeCatalog.csproj -c Release -r linux-x64 -o artifacts/edge -p:TreatWarningsAsErrors=true 2>&1 | tee "$log"
if grep -Eq 'warning IL[23][0-9]{3}' "$log"; then
  echo "publish-edge: trim/AOT warnings found (listed above); they are errors here" >&2
  exit 1
fi
test -x artifacts/edge/EdgeCatalog
