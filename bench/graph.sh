#!/usr/bin/env bash
# Issue #10's benchmark: Rempart's graph engine beside the igraph C library, on the same generated graph of
# 1,000,000 sites and 5,000,000 dependencies, in the same run: (a) strongly connected components, (b) betweenness
# from 100 sampled sources to all targets, (c) downstream counts of 1,000 sampled sources; each timed on its own
# (loading the graph is reported apart), with each process's peak memory (/usr/bin/time -v), and the answers
# checked against each other. Installs libigraph-dev and time from Debian's packages when missing (as root).
# Not part of scripts/test or CI: speed is read here, as a ratio, never in a unit test.
# Usage: bench/graph.sh [--runs 2] [--sites 1000000] [--dependencies 5000000] [--seed 10] [--keep DIR] [--record]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=2 sites=1000000 dependencies=5000000 seed=10 keep="" record=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --sites) sites="$2"; shift 2 ;;
    --dependencies) dependencies="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --record) record="docs/BENCHMARKS.md"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

need=()
pkg-config --exists igraph 2>/dev/null || need+=(libigraph-dev pkg-config)
[ -x /usr/bin/time ] || need+=(time)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  echo "== Installing ${need[*]} from Debian's packages" >&2
  if [ "$(id -u)" != 0 ]; then echo "Missing ${need[*]}; run as root or install them first." >&2; exit 1; fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT

echo "== Building igraph_bench (gcc -O2) and bench/Rempart.Bench.Graph (Release)" >&2
gcc -O2 bench/graph/igraph_bench.c $(pkg-config --cflags --libs igraph) -o "$work/igraph_bench"
dotnet build bench/Rempart.Bench.Graph -c Release -warnaserror -nologo -v:q >&2
bench_dll=bench/Rempart.Bench.Graph/bin/Release/net10.0/Rempart.Bench.Graph.dll

echo "== Generating the graph once ($sites sites, $dependencies dependencies, seed $seed)" >&2
dotnet "$bench_dll" generate "$work/graph" --sites "$sites" --dependencies "$dependencies" --seed "$seed" >&2

measure() { # tool out_dir command...
  local tool="$1" out="$2"; shift 2
  mkdir -p "$out"
  local load_before; load_before="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -v -o "$out/time.txt" "$@" >&2
  echo "rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")" >> "$out/timings.txt"
  echo "load_before=$load_before" >> "$out/timings.txt"
}

run_dirs=()
for run in $(seq 1 "$runs"); do
  dir="$work/run-$run"
  echo "== Run $run of $runs" >&2
  # Alternate which side goes first, so that neither always meets the same neighbours on the machine.
  if [ $((run % 2)) -eq 1 ]; then
    measure igraph "$dir/igraph" "$work/igraph_bench" "$work/graph" "$dir/igraph"
    measure rempart "$dir/rempart" dotnet "$bench_dll" run "$work/graph" "$dir/rempart"
  else
    measure rempart "$dir/rempart" dotnet "$bench_dll" run "$work/graph" "$dir/rempart"
    measure igraph "$dir/igraph" "$work/igraph_bench" "$work/graph" "$dir/igraph"
  fi
  run_dirs+=("$dir")
done

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)')"
cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
note="Commit \`$commit\`; $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB, igraph $(pkg-config --modversion igraph) (Debian), .NET $(dotnet --version) SDK; gcc -O2. The machine is shared with other builds and test runs: the load average before each process is given, and timings move by a factor of up to two from run to run; read the ratios."
mkdir -p bench/results
out="bench/results/graph-$(date -u +%Y%m%d-%H%M%S).md"
args=(report --out "$out" --graph "$work/graph" --note "$note")
[ -n "$record" ] && args+=(--record "$record")
status=0
dotnet "$bench_dll" "${args[@]}" "${run_dirs[@]}" || status=$?
echo "== Written to $out" >&2
exit $status
