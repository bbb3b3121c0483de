#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, if any is missing (idempotent; fast when all are there):
#   gcc, zlib1g-dev  Native AOT links the edge with the system toolchain
#   libicu-dev       the builder's Unicode normalization (NFC) needs ICU
#   nodejs, npm      the tests' S3-compatible server (s3rver)
#   chromium, chromium-driver  the track picker's browser test
#   wrk, nginx-light, libnginx-mod-http-brotli-static  the load benchmark (bench/load/run.sh) and its smoke run
#   prometheus       its promtool checks and unit-tests deploy/prometheus/alerts.yml (tests/EdgeCatalog.Tests/MonitoringFilesTests.cs)
# Needs root (as on CI); elsewhere it says what to install and fails.
set -euo pipefail
need=()
command -v gcc >/dev/null || need+=(gcc)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v promtool >/dev/null || need+=(prometheus)
for pkg in zlib1g-dev libicu-dev libnginx-mod-http-brotli-static; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages: ${need[*]} (run: sudo apt-get install ${need[*]})" >&2
  exit 1
fi
echo "== apt-get install ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
