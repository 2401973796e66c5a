#!/usr/bin/env bash
# Load proof (issue #11): 64 connections for 60 seconds of mixed reads and answer saves against one app, with wrk;
# afterwards every save the app acknowledged is counted in the database. Zero errors and zero lost writes expected.
#
#   tools/proofs/load.sh [--connections 64] [--duration 60] [--postgres "Host=127.0.0.1;Port=5432;Username=postgres"] [--record]
#
# Release build of the web app on a fresh database with the demo workspace: the embedded default (SQLite) unless
# --postgres names a server (a throwaway database is created there and dropped after). Each wrk connection has its
# own thread and its own answer of the Côte d'Ivoire questionnaires to save, carrying the concurrency stamp of its
# previous save (so a refusal would be a real conflict); for every save it makes four reads (dashboard, findings,
# its questionnaire, the engagement). An error is any socket error, timeout (10 s) or answer other than 2xx. Prints a
# Markdown row; --record puts the table into docs/RELIABILITY.md. Exit code 1 on any error or lost write.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
connections=64
duration=60
postgres=""
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift ;;
    --duration) duration=$2; shift ;;
    --postgres) postgres=$2; shift ;;
    --record) record=1 ;;
    *) echo "unknown option '$1' (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*" >&2; }
for tool in wrk python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    log "Installing $tool from Debian's packages"
    if [ "$(id -u)" != 0 ]; then echo "$tool is missing; run as root or install it first." >&2; exit 1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
  fi
done
work=$(mktemp -d /tmp/rempart-load.XXXXXX)
pid=""
database=""
stop() { if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=""; }
drop() {
  if [ -n "$database" ]; then
    python3 "$root/tools/proofs/pgdrop.py" "$postgres" "$database" || true
  fi
}
trap 'stop; drop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

commit=$(git rev-parse --short HEAD)
log "Building the web app and the CLI (Release)"
for project in src/Rempart.Web src/Rempart.Cli; do
  dotnet build "$project" -c Release -nologo -v:q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
web="$root/src/Rempart.Web/bin/Release/net10.0/Rempart.Web.dll"
cli="$root/src/Rempart.Cli/bin/Release/net10.0/rempart.dll"

if [ -n "$postgres" ]; then
  database="rempart_load_$$"
  export Database__Provider=Postgres ConnectionStrings__Rempart="$postgres;Database=$database"
  provider="PostgreSQL"
else
  export Database__Provider=Sqlite ConnectionStrings__Rempart="Data Source=$work/rempart.db"
  provider="SQLite (embedded default)"
fi
export Database__MigrateOnStart=true Demo__Load=true
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LOAD_URL="http://127.0.0.1:$port"

log "Starting the app on $provider"
(cd "$work" && ASPNETCORE_URLS="$LOAD_URL" exec dotnet "$web" >"$work/app.log" 2>&1) &
pid=$!
for _ in $(seq 1 480); do
  if curl -fs -o /dev/null "$LOAD_URL/health/ready" 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/app.log"; exit 1; fi
  sleep 0.25
done
LOAD_TOKEN=$(cd "$work" && dotnet "$cli" tokens create --email officer@demo.rempart.example --name "load proof" --days 1 | awk 'END { print $NF }')
export LOAD_TOKEN LOAD_RUN="LOAD-$(date +%s)" LOAD_SLOTS="$work/slots.txt" LOAD_OUT="$work/wrk.out" LOAD_ACKS="$work/acks"
mkdir -p "$LOAD_ACKS"
python3 tools/proofs/load.py slots "$connections" >"$LOAD_SLOTS"

log "wrk: $connections connections for ${duration} s"
wrk -t "$connections" -c "$connections" -d "${duration}s" --timeout 10s -s tools/proofs/load.lua "$LOAD_URL" >"$work/wrk.txt"
cat "$work/wrk.txt" >&2
read -r stored lost extra < <(python3 tools/proofs/load.py count "$LOAD_SLOTS" "$LOAD_ACKS")
stop

# shellcheck disable=SC1090
. <(sed 's/^/w_/' "$LOAD_OUT")
errors=$((w_connect + w_read + w_write + w_status + w_timeout))
seconds=$(python3 -c "print(round($w_duration_us / 1e6, 1))")
rps=$(python3 -c "print(round($w_requests / ($w_duration_us / 1e6)))")
p50=$(python3 -c "print(round($w_p50_us / 1000, 1))")
p99=$(python3 -c "print(round($w_p99_us / 1000, 1))")
row="| $provider | $connections | $seconds | $w_requests | $rps | $((w_requests - w_acked - w_refused)) | $w_acked | $errors | $p50 | $p99 | $stored | $lost |"
summary="Run of $(date -u +%Y-%m-%d) on commit $commit; $(nproc) cores; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}' || true), one thread per connection, 10 s timeout.

| database | connections | seconds | requests | requests/s | reads | saves acknowledged | errors (socket, timeout, non-2xx) | p50 ms | p99 ms | acknowledged saves found afterwards | lost |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$row

$extra save(s) in flight when the time was up were applied without wrk waiting for the answer (not counted as acknowledged)."
printf '%s\n' "$summary"
if [ "$record" = 1 ]; then
  section=load-sqlite
  [ -n "$postgres" ] && section=load-postgres
  python3 tools/record-section.py docs/RELIABILITY.md "$section" "$summary"
fi
if [ "$errors" != 0 ] || [ "$lost" != 0 ]; then exit 1; fi
