#!/usr/bin/env bash
# Coverage-guided fuzzing of Rempart's importers with AFL++ and SharpFuzz (issue #11): site CSV, XLSX and GeoJSON,
# dependency CSV, answer workbooks, the catalog's YAML and the site-risk reference YAML.
#
#   tools/fuzz/run.sh [--seconds 60] [--targets "sites-csv workbook ..."] [--record]
#
# Installs afl++ from Debian's packages and the sharpfuzz tool (SharpFuzz.CommandLine 2.3.0, into tools/fuzz/.tools)
# when missing; builds the harness (tools/fuzz/Rempart.Fuzz) in Release, instruments Rempart.Core.dll in its output,
# writes one valid seed per target with the product's own writers, then runs afl-fuzz on each target for the given
# time. A crash is an exception other than the importers' clear refusals (DomainRuleException and the import errors
# that name file, row and field). Prints a Markdown table (executions, paths found, crashes, hangs), replays every
# crash outside the fuzzer to show its exception, keeps the findings under /tmp, and with --record puts the table
# into docs/RELIABILITY.md between its markers. About (targets x seconds) plus two minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=60
targets="sites-csv sites-xlsx sites-geojson dependencies-csv workbook catalog-yaml targets-yaml"
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    --targets) targets=$2; shift ;;
    --record) record=1 ;;
    *) echo "unknown option '$1' (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*" >&2; }

if ! command -v afl-fuzz >/dev/null 2>&1; then
  log "Installing afl++ from Debian's packages"
  if [ "$(id -u)" != 0 ]; then echo "afl++ is missing; run as root or install it first." >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
tools="$root/tools/fuzz/.tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  log "Installing the sharpfuzz tool (SharpFuzz.CommandLine 2.3.0)"
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

commit=$(git rev-parse --short HEAD)
if [ -n "$(git status --porcelain -- src tools/fuzz 2>/dev/null)" ]; then commit="$commit (with uncommitted changes)"; fi
log "Building the harness (Release) and instrumenting Rempart.Core.dll"
work=$(mktemp -d /tmp/rempart-fuzz.XXXXXX)
dotnet build tools/fuzz/Rempart.Fuzz -c Release -nologo -v:q -o "$work/plain" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# Seeds and replays run on a plain copy: instrumented code only runs under afl-fuzz (it writes to AFL's shared memory).
cp -r "$work/plain" "$work/bin"
"$tools/sharpfuzz" "$work/bin/Rempart.Core.dll"
dotnet "$work/plain/Rempart.Fuzz.dll" seeds "$work/seeds"

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
table="| importer (target) | seconds | executions | executions/s | paths found | crashes | hangs |
|---|---:|---:|---:|---:|---:|---:|"
found=0
for target in $targets; do
  log "Fuzzing $target for ${seconds}s"
  out="$work/findings/$target"
  mkdir -p "$out"
  timeout -s INT "$((seconds + 30))" afl-fuzz -V "$seconds" -i "$work/seeds/$target" -o "$out" -t 10000 -m none -- \
    dotnet "$work/bin/Rempart.Fuzz.dll" "$target" >"$work/$target.log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl-fuzz did not start for $target; its log:" >&2; tail -20 "$work/$target.log" >&2; exit 1
  fi
  get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
  execs=$(get execs_done); speed=$(get execs_per_sec); paths=$(get corpus_count); crashes=$(get saved_crashes); hangs=$(get saved_hangs)
  table="$table
| $target | $seconds | $execs | ${speed%.*} | $paths | $crashes | $hangs |"
  for crash in "$out"/default/crashes/id*; do
    [ -f "$crash" ] || continue
    found=1
    echo "--- $target: $(basename "$crash")" >&2
    dotnet "$work/plain/Rempart.Fuzz.dll" "$target" "$crash" 2>&1 | head -5 >&2 || true
  done
done

summary="Run of $(date -u +%Y-%m-%d) on commit $commit; AFL++ $(afl-fuzz -h 2>&1 | grep -o '[0-9]\+\.[0-9]\+[a-z]*' | head -1), SharpFuzz 2.3.0, $(nproc) cores; one afl-fuzz instance per target, seeded with one valid file written by the product.

$table"
printf '%s\n' "$summary"
echo "Findings kept in $work/findings" >&2
if [ "$record" = 1 ]; then
  python3 tools/record-section.py docs/RELIABILITY.md fuzz "$summary"
fi
exit $found
