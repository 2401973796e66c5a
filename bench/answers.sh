#!/usr/bin/env bash
# Answer saves per second through the API, against the raw ADO.NET ceiling on the same database, in one run (issue #5).
#
#   bench/answers.sh [--sqlite-only | --postgres-only] [--record]
#                    [--clients 40] [--warmup 30] [--raw-warmup 5] [--duration 20] [--idle-wait 120]
#
# For each database: a fresh database, the real web app (Release build) started as its own process on a free
# loopback port with the demo loaded, a personal access token for the coordinator made with the CLI, then
# rempart-bench: 40 clients saving answers through the API (30 s warm-up, 20 s measured), then 40 raw ADO.NET
# connections writing the same saves straight into the same tables (5 s warm-up, 20 s measured), then the same clients
# against `rempart-bench thin-server`, the raw phase's two statements behind Kestrel with nothing else (10 s warm-up,
# 20 s measured): the most any HTTP API could reach on this machine, to read the goal against. Before each
# database it waits (up to --idle-wait seconds) for the machine to be idle. Prints a Markdown table and keeps it in
# bench/results/; --record also puts it into docs/BENCHMARKS.md between its markers. About 5 minutes.
# Not part of scripts/test or CI: it is a measurement, not a proof. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

providers="Sqlite Postgres"
record=0
bench_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sqlite-only) providers="Sqlite" ;;
    --postgres-only) providers="Postgres" ;;
    --record) record=1 ;;
    --clients|--warmup|--raw-warmup|--duration|--idle-wait) bench_args+=("$1" "$2"); shift ;;
    *) echo "unknown option '$1' (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*"; }

work=$(mktemp -d /tmp/rempart-bench.XXXXXX)
app_pid=""
pgbin=""
pgdata=""
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
}
stop_pg() {
  if [ -n "$pgdata" ]; then
    run_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pgdata"
    pgdata=""
  fi
}
cleanup() { stop_app; stop_pg; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log "Building the web app, the CLI and the benchmark (Release)"
for project in src/Rempart.Web src/Rempart.Cli bench/Rempart.Bench; do
  dotnet build "$project" -c Release -warnaserror -nologo -v:q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
web="$root/src/Rempart.Web/bin/Release/net10.0/Rempart.Web.dll"
cli="$root/src/Rempart.Cli/bin/Release/net10.0/rempart.dll"
bench="$root/bench/Rempart.Bench/bin/Release/net10.0/rempart-bench.dll"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then commit="$commit (with uncommitted changes)"; fi
export REMPART_BENCH_COMMIT="$commit"

# Starts the web app on a free loopback port with a fresh database and the demo; sets app_pid and url.
start_app() {
  local provider=$1 connection=$2 port
  port=$(dotnet "$bench" free-port)
  url="http://127.0.0.1:$port"
  (cd "$work" && exec env Database__Provider="$provider" ConnectionStrings__Rempart="$connection" Database__MigrateOnStart=true \
    Demo__Load=true Catalog__ImportOnStart=true ASPNETCORE_URLS="$url" dotnet "$web") >"$work/app-$provider.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null; then return 0; fi
    if ! kill -0 "$app_pid" 2>/dev/null; then break; fi
    sleep 0.25
  done
  echo "The web app on $provider did not become ready; its log:" >&2
  cat "$work/app-$provider.log" >&2
  exit 1
}

token_for() {
  local provider=$1 connection=$2
  Database__Provider="$provider" ConnectionStrings__Rempart="$connection" \
    dotnet "$cli" tokens create --email coordinator@demo.rempart.example --name "bench $(date -u +%FT%TZ)" --days 1 | grep '^rpat_'
}

measure() {
  local provider=$1 connection=$2 token
  log "$provider: starting the web app with a fresh database and the demo"
  start_app "$provider" "$connection"
  token=$(token_for "$provider" "$connection")
  log "$provider: measuring ($url, web app pid $app_pid)"
  dotnet "$bench" answers --provider "$provider" --url "$url" --token "$token" --db "$connection" --app-pid "$app_pid" \
    --out "$work/result-$provider.json" "${bench_args[@]}"
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "The web app on $provider stopped during the run; its log:" >&2
    tail -20 "$work/app-$provider.log" >&2
    exit 1
  fi
  stop_app
}

for provider in $providers; do
  case "$provider" in
    Sqlite)
      mkdir -p "$work/sqlite"
      measure Sqlite "Data Source=$work/sqlite/rempart.db;Foreign Keys=True;Pooling=True"
      ;;
    Postgres)
      pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
      if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
        log "Installing PostgreSQL from Debian's packages"
        if [ "$(id -u)" != 0 ]; then echo "PostgreSQL is missing; run as root or install 'postgresql' first." >&2; exit 1; fi
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
      fi
      pgdata=$(mktemp -d /tmp/rempart-bench-pg.XXXXXX)
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
      pgport=$(dotnet "$bench" free-port)
      # Like scripts/test: a throwaway cluster; fsync off unless REMPART_BENCH_PG_FSYNC=on. The API and the raw loop share it.
      log "Postgres: starting a throwaway cluster on 127.0.0.1:$pgport (fsync=${REMPART_BENCH_PG_FSYNC:-off})"
      run_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      run_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdata -c fsync=${REMPART_BENCH_PG_FSYNC:-off} -c max_connections=300" start >/dev/null
      measure Postgres "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=rempart_bench"
      stop_pg
      ;;
  esac
done

log "Results"
mkdir -p bench/results
out="bench/results/answers-$(date -u +%Y%m%d-%H%M%S).md"
status=0
files=()
for provider in $providers; do files+=("$work/result-$provider.json"); done
dotnet "$bench" report "${files[@]}" >"$out" || status=1
cat "$out"
echo "(kept in $out)"

if [ "$record" = 1 ]; then
  doc=docs/BENCHMARKS.md
  begin='<!-- bench/answers.sh: begin -->'
  end='<!-- bench/answers.sh: end -->'
  if ! grep -qF "$begin" "$doc" || ! grep -qF "$end" "$doc"; then echo "$doc lacks the markers '$begin' and '$end'." >&2; exit 1; fi
  awk -v begin="$begin" -v end="$end" -v table="$out" '
    $0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$doc" >"$work/doc.md"
  cp "$work/doc.md" "$doc"
  echo "Recorded in $doc."
fi
exit $status
