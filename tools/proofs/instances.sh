#!/usr/bin/env bash
# Two-instance proof (issue #11): two web app instances on one PostgreSQL database. Sign in on A (password and
# authenticator code) and work on B with the same session and the forms of A's pages; then answer saves spread over
# both, A stopped (SIGTERM) half-way under load, the clients carrying on with B; afterwards every save either instance
# acknowledged is in the database, and no request got a server error.
#
#   tools/proofs/instances.sh --postgres "Host=127.0.0.1;Port=5432;Username=postgres" [--seconds 4] [--clients 8] [--record]
#
# A throwaway database is created on the server (by the first instance's migrations) and dropped after. Prints a
# Markdown table; --record puts it into docs/RELIABILITY.md. Exit code 1 when any check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
postgres="${REMPART_TEST_POSTGRES:-}"
seconds=4
clients=8
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --clients) clients=$2; shift ;;
    --record) record=1 ;;
    *) echo "unknown option '$1' (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$postgres" ]; then echo "Name a PostgreSQL server: --postgres \"Host=...;Port=...;Username=...\" (or REMPART_TEST_POSTGRES)." >&2; exit 2; fi

log() { printf '\n== %s\n' "$*" >&2; }
work=$(mktemp -d /tmp/rempart-two.XXXXXX)
database="rempart_two_$$"
trap 'python3 "$root/tools/proofs/pgdrop.py" "$postgres" "$database" || true; [ -n "${PROOF_KEEP:-}" ] || rm -rf "$work"' EXIT

commit=$(git rev-parse --short HEAD)
log "Building the web app and the CLI (Release)"
for project in src/Rempart.Web src/Rempart.Cli; do
  dotnet build "$project" -c Release -nologo -v:q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
export PROOF_WEB="$root/src/Rempart.Web/bin/Release/net10.0/Rempart.Web.dll" PROOF_CLI="$root/src/Rempart.Cli/bin/Release/net10.0/rempart.dll"
export PROOF_WORK="$work" PROOF_ROOT="$root" PROOF_SECONDS="$seconds" PROOF_CLIENTS="$clients"
export Database__Provider=Postgres ConnectionStrings__Rempart="$postgres;Database=$database" Database__MigrateOnStart=true Demo__Load=true
log "Two instances on one PostgreSQL database"
set +e
table=$(python3 tools/proofs/instances.py)
status=$?
set -e
summary="Run of $(date -u +%Y-%m-%d) on commit $commit; $(nproc) cores; one PostgreSQL database; $clients clients, ${seconds} s on both instances then ${seconds} s on B alone.

$table"
printf '%s\n' "$summary"
if [ "$record" = 1 ]; then
  python3 tools/record-section.py docs/RELIABILITY.md instances "$summary"
fi
exit $status
