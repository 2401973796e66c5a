#!/usr/bin/env bash
# Crash proof (issue #11): kill -9 the web app in the middle of site imports, questionnaire workbook imports, answer
# saves, roadmap edits and roadmap comments,
# restart it, and check after each kill that
#   - the database passes SQLite's integrity check,
#   - the site import and the workbook import of that round are all there or not there at all (never half),
#   - every answer save and roadmap comment the app acknowledged (HTTP 200/204) is in the database, and the roadmap
#     holds the last acknowledged edit (or a later one),
# and at the end that the audit chain is intact (rempart audit verify) after the app sealed what was pending.
#
#   tools/proofs/crash.sh [--rounds 20] [--rows 5000] [--record]
#
# Embedded default (SQLite, demo workspace) in a throwaway folder; Release builds of the web app and the CLI; a seeded
# CSV of --rows sites per round (its own code prefix, so a round's import is counted alone); the kill comes at a
# random moment 1 to 8 s after the clients start (seeded). Prints a Markdown table; --record puts it into
# docs/RELIABILITY.md between its markers. Exit code 1 when any check fails. About 3 to 6 minutes for 20 rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
rounds=20
rows=5000
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift ;;
    --rows) rows=$2; shift ;;
    --record) record=1 ;;
    *) echo "unknown option '$1' (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*" >&2; }
if ! command -v python3 >/dev/null 2>&1; then
  log "Installing python3 from Debian's packages"
  if [ "$(id -u)" != 0 ]; then echo "python3 is missing; run as root or install it first." >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi
work=$(mktemp -d /tmp/rempart-crash.XXXXXX)
trap '[ -n "${CRASH_KEEP:-}" ] || rm -rf "$work"' EXIT

commit=$(git rev-parse --short HEAD)
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then commit="$commit (with uncommitted changes)"; fi
log "Building the web app and the CLI (Release)"
for project in src/Rempart.Web src/Rempart.Cli; do
  dotnet build "$project" -c Release -nologo -v:q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done

export CRASH_WEB="$root/src/Rempart.Web/bin/Release/net10.0/Rempart.Web.dll"
export CRASH_CLI="$root/src/Rempart.Cli/bin/Release/net10.0/rempart.dll"
export CRASH_WORK="$work" CRASH_ROUNDS="$rounds" CRASH_ROWS="$rows"
export Database__Provider=Sqlite ConnectionStrings__Rempart="Data Source=$work/rempart.db" Database__MigrateOnStart=true Demo__Load=true
log "Running $rounds rounds"
set +e
table=$(python3 "$root/tools/proofs/crash.py")
status=$?
set -e
summary="Run of $(date -u +%Y-%m-%d) on commit $commit; $(nproc) cores; SQLite (the embedded default, WAL); $rounds kills with SIGKILL; $rows sites per import.

$table"
printf '%s\n' "$summary"
if [ "$record" = 1 ]; then
  python3 tools/record-section.py docs/RELIABILITY.md crash "$summary"
fi
exit $status
