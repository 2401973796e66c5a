#!/usr/bin/env bash
# Issue #7's benchmark: the roadmap (300 recommendations, 12 entities, 150 questions, two charts) rendered to DOCX by
# Rempart, beside pandoc converting the same content as Markdown to DOCX, in the same run; prints a Markdown table and
# writes it to bench/results/roadmap-<date>.md. Installs pandoc from Debian's packages when it is missing (as root).
# Not part of scripts/test or CI: speed is read here, as a ratio, never in a unit test.
# Usage: bench/roadmap.sh [--runs 5] [--lang en|fr] [--seed 7] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pandoc >/dev/null 2>&1; then
  echo "== Installing pandoc from Debian's packages" >&2
  if [ "$(id -u)" != 0 ]; then echo "pandoc is missing; run as root or install 'pandoc' first." >&2; exit 1; fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pandoc >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pandoc >/dev/null
  fi
fi

echo "== Building (Release)" >&2
dotnet build bench/Rempart.Bench.Roadmap -c Release -warnaserror -nologo -v:q >&2

mkdir -p bench/results
out="bench/results/roadmap-$(date -u +%Y-%m-%d).md"
dotnet bench/Rempart.Bench.Roadmap/bin/Release/net10.0/Rempart.Bench.Roadmap.dll --out "$out" "$@"
echo "== Written to $out" >&2
