#!/usr/bin/env bash
# Read throughput and latency of the engagement dashboard (API and page) under 64 connections with wrk, beside a bare
# ASP.NET Core endpoint returning a constant (the ceiling on this machine), in one run; then the cold start of the
# embedded default to its first served page beside an empty ASP.NET Core app (issue #12).
#
#   bench/dashboard.sh [--connections 64] [--duration 30] [--starts 5] [--record]
#
# Everything runs from Release builds as separate processes on loopback ports, one at a time, with the same wrk
# settings (2 threads). Goals: the dashboard at least 50 % of the ceiling's requests per second; cold start at most
# twice the empty app's. Prints a Markdown table, keeps it in bench/results/, and with --record puts it into
# docs/BENCHMARKS.md between its markers. About 4 minutes. Installs wrk from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
connections=64
duration=30
starts=5
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift ;;
    --duration) duration=$2; shift ;;
    --starts) starts=$2; shift ;;
    --record) record=1 ;;
    *) echo "unknown option '$1' (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*" >&2; }
work=$(mktemp -d /tmp/rempart-dash.XXXXXX)
pid=""
stop() { if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=""; }
trap 'stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if ! command -v wrk >/dev/null 2>&1; then
  log "Installing wrk from Debian's packages"
  if [ "$(id -u)" != 0 ]; then echo "wrk is missing; run as root or install 'wrk' first." >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

log "Publishing the web app, the CLI and the bare app as a release is deployed (Release, ReadyToRun; a few minutes)"
# Both apps the same way: compiled ahead of time, as the README's server mode publishes Rempart.
for project in src/Rempart.Web src/Rempart.Cli bench/Rempart.Bench.Bare; do
  # Images of an earlier composite publish (bench/sites.sh publishes the CLI so) are not noticed by the SDK: removed.
  rm -rf "$project/obj/Release/net10.0/linux-x64/R2R"
  dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -warnaserror -nologo -v:q \
    -o "$work/$(basename "$project")" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
web="$work/Rempart.Web/Rempart.Web.dll"
cli="$work/Rempart.Cli/rempart.dll"
bare="$work/Rempart.Bench.Bare/rempart-bare.dll"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
db="$work/rempart.db"
export ConnectionStrings__Rempart="Data Source=$db"

# Starts a process (in this shell, so that stop can end it) and sets ms to the milliseconds until $1 answers 200.
start_and_time() {
  local probe=$1; shift
  local t0 t1
  if curl -s -o /dev/null "$url/" 2>/dev/null; then echo "port $port is still taken" >&2; exit 1; fi
  t0=$(date +%s%N)
  (cd "$work" && exec env ASPNETCORE_URLS="$url" "$@") >"$work/app.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do
    if curl -fsS -o /dev/null "$probe" 2>/dev/null; then t1=$(date +%s%N); ms=$(( (t1 - t0) / 1000000 )); return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  echo "did not start; its log:" >&2; cat "$work/app.log" >&2; exit 1
}

# wrk: requests per second, p99 latency in ms, errors (non-2xx and socket errors).
run_wrk() {
  local target=$1 header=${2:-}
  local out="$work/wrk.txt"
  if [ -n "$header" ]; then wrk -t2 -c"$connections" -d"${duration}s" --latency -H "$header" "$target" >"$out"; else wrk -t2 -c"$connections" -d"${duration}s" --latency "$target" >"$out"; fi
  local rps p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i} END {print n + 0}' "$out")
  echo "$rps $p99 $errors"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

log "Rempart: first start on a fresh database (migrations, catalog, demo)"
start_and_time "$url/account/signin" dotnet "$web"; first=$ms
token=$(dotnet "$cli" tokens create --email officer@demo.rempart.example --name "dashboard bench" --days 1 | grep '^rpat_')
auth="Authorization: Bearer $token"
curl -fsS -o /dev/null -H "$auth" "$url/api/v1/engagements/CIV-2024/dashboard"
curl -fsS -o /dev/null -H "$auth" "$url/engagements/CIV-2024/dashboard"
log "Rempart: dashboard API, $connections connections, ${duration}s"
read -r api_rps api_p99 api_err < <(run_wrk "$url/api/v1/engagements/CIV-2024/dashboard" "$auth")
log "Rempart: dashboard page, $connections connections, ${duration}s"
read -r page_rps page_p99 page_err < <(run_wrk "$url/engagements/CIV-2024/dashboard" "$auth")
stop

log "Bare ASP.NET Core endpoint, $connections connections, ${duration}s"
start_and_time "$url/" dotnet "$bare"
read -r bare_rps bare_p99 bare_err < <(run_wrk "$url/")
stop

log "Cold starts ($starts each, database already there): Rempart to its first page, the empty app to its endpoint"
rempart_starts=(); bare_starts=()
for _ in $(seq 1 "$starts"); do
  start_and_time "$url/account/signin" dotnet "$web"; rempart_starts+=("$ms"); stop
  start_and_time "$url/" dotnet "$bare"; bare_starts+=("$ms"); stop
done
rempart_cold=$(printf '%s\n' "${rempart_starts[@]}" | median)
bare_cold=$(printf '%s\n' "${bare_starts[@]}" | median)

ratio() { python3 -c "print(f'{$1 / $2 * 100:.1f} %')"; }
times() { python3 -c "print(f'{$1 / $2:.2f}x')"; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit (with uncommitted changes)"
table=$(cat <<MD
Run of $(date -u +%F) on commit $commit; $(nproc) cores; wrk 2 threads, $connections connections, ${duration} s each; app and wrk on the same machine.

| measured | requests/s | p99 latency | errors | vs. ceiling | goal |
|---|---:|---:|---:|---:|---|
| bare ASP.NET Core endpoint (constant) | $bare_rps | $bare_p99 | $bare_err | ceiling | |
| dashboard API \`/api/v1/engagements/CIV-2024/dashboard\` | $api_rps | $api_p99 | $api_err | $(ratio "$api_rps" "$bare_rps") | ≥ 50 % |
| dashboard page \`/engagements/CIV-2024/dashboard\` | $page_rps | $page_p99 | $page_err | $(ratio "$page_rps" "$bare_rps") | ≥ 50 % |

| cold start to first served page (median of $starts) | ms | vs. empty app | goal |
|---|---:|---:|---|
| empty ASP.NET Core app | $bare_cold | 1x | |
| Rempart, embedded default (SQLite, demo already loaded) | $rempart_cold | $(times "$rempart_cold" "$bare_cold") | ≤ 2x |
| Rempart, very first start (creates the database, imports the catalog, loads the demo) | $first | $(times "$first" "$bare_cold") | (for information) |
MD
)
mkdir -p bench/results
echo "$table" | tee "bench/results/dashboard-$(date -u +%Y%m%dT%H%M%SZ).md"
if [ "$record" = 1 ]; then
  python3 tools/record-section.py docs/BENCHMARKS.md dashboard "$table"
fi
