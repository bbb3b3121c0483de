#!/usr/bin/env bash
# Replaces confusables.txt and Scripts.txt with the Unicode Consortium's files of one version (default latest).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${1:-latest}"
curl -fsSL "https://www.unicode.org/Public/security/$version/confusables.txt" -o "$here/confusables.txt"
if [ "$version" = latest ]; then ucd="https://www.unicode.org/Public/UCD/latest/ucd"; else ucd="https://www.unicode.org/Public/$version/ucd"; fi
curl -fsSL "$ucd/Scripts.txt" -o "$here/Scripts.txt"
head -n 8 "$here/confusables.txt" | grep -i version
head -n 1 "$here/Scripts.txt"
