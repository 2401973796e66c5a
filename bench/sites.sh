#!/usr/bin/env bash
# A 1,000,000-row site CSV imported into the embedded default (SQLite) by `rempart sites import`, beside the sqlite3
# shell's `.import` of the same file into an equivalent table, in the same run; and the peak memory of the import at
# 100,000 and 1,000,000 rows (issue #9).
#
#   bench/sites.sh [--rows 1000000] [--small 100000] [--seed 9] [--rounds 5] [--record]
#
# Generates two seeded CSV files in the documented format (python3), prepares one fresh database with the demo
# (the web app started once on it, as on a first start, then stopped), and imports each file into its own copy of that
# database: the Release CLI into the CIV-2024 engagement's inventory, the sqlite3 shell into a table `sites_peer`
# with the file's twelve columns typed and a UNIQUE index on the code. Each run is measured with GNU time (wall
# clock and maximum resident set size) as a separate process, start-up included. Goals: Rempart at most 1.5 times the
# shell's time at 1,000,000 rows; its peak memory the same at 100,000 and 1,000,000 rows (within 15 %). Prints a
# Markdown table, keeps it in bench/results/, and with --record puts it into docs/BENCHMARKS.md between its markers.
# About 3 to 5 minutes. Installs sqlite3 and GNU time from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rows=1000000
small=100000
rounds=5
seed=9
record=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift ;;
    --small) small=$2; shift ;;
    --seed) seed=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --record) record=1 ;;
    *) echo "unknown option '$1' (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*" >&2; }
work=$(mktemp -d /tmp/rempart-sites.XXXXXX)
pid=""
stop() { if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=""; }
trap 'stop; [ -n "${SITES_BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]} from Debian's packages"
  if [ "$(id -u)" != 0 ]; then echo "${missing[*]} missing; run as root or install them first." >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log "Building the web app (Release) and publishing the CLI as it is deployed (Release, self-contained, ReadyToRun composite)"
dotnet build src/Rempart.Web -c Release -warnaserror -nologo -v:q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# The CLI as the README's "Server mode" publishes it: self-contained, its code and the runtime's compiled ahead of time
# into one composite image, so that a one-shot command does not spend its first second loading and compiling code.
# About three minutes on two cores. The SDK keeps ReadyToRun images in obj/ and does not notice a change between
# composite and separate images, so the images of an earlier publish of the other kind are removed first.
rm -rf src/Rempart.Cli/obj/Release/net10.0/linux-x64/R2R
dotnet publish src/Rempart.Cli -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
  -warnaserror -nologo -v:q -o "$work/cli" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
web="$root/src/Rempart.Web/bin/Release/net10.0/Rempart.Web.dll"
cli="$work/cli/rempart"

log "Generating $rows and $small rows (seed $seed)"
cat >"$work/gen.py" <<'PY'
# Seeded site rows in the documented CSV format: 40 % critical infrastructure (catalog sectors), 60 % soft targets
# (catalog categories), French names with accents, coordinates inside Côte d'Ivoire's bounding box, capacities, TLP.
import random, sys
rows, path, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
ci = {"energy": ("Centrale électrique", "power plant", ["CIE", "CIPREL", "Azito Énergie", "PETROCI"]),
      "transport": ("Gare routière", "road station", ["SOTRA", "SITARAIL", "PAA"]),
      "banking": ("Agence bancaire", "bank branch", ["BCEAO", "SGCI", "Ecobank"]),
      "financial-market-infrastructure": ("Bourse régionale", "stock exchange", ["BRVM"]),
      "health": ("Laboratoire de santé", "health laboratory", ["INHP", "IPCI"]),
      "drinking-water": ("Usine d'eau potable", "drinking-water plant", ["SODECI", "ONEP"]),
      "waste-water": ("Station d'épuration", "waste-water plant", ["ONAD"]),
      "digital-infrastructure": ("Centre de données", "data centre", ["Orange CI", "MTN CI", "VITIB"]),
      "public-administration": ("Préfecture", "prefecture", ["Ministère de l’Intérieur"]),
      "space": ("Station terrienne", "ground station", ["ARTCI"]),
      "food": ("Entrepôt alimentaire", "food warehouse", ["OCPV", "Conseil Café-Cacao"])}
soft = {"places-of-worship": ("Église", "church"), "education": ("Lycée", "high school"), "health-facilities": ("Hôpital général", "general hospital"),
        "hotels-restaurants": ("Hôtel", "hotel"), "markets-malls": ("Marché", "market"), "transport-hubs": ("Gare", "station"),
        "stadiums-sports-venues": ("Stade", "stadium"), "mass-gatherings": ("Esplanade des fêtes", "festival ground"),
        "tourist-sites": ("Site touristique", "tourist site"), "urban-public-spaces": ("Place publique", "public square"),
        "entertainment-venues": ("Salle de spectacle", "concert hall"), "public-buildings": ("Mairie", "town hall")}
places = [("Abidjan", "District autonome d'Abidjan"), ("Yamoussoukro", "District autonome de Yamoussoukro"), ("Bouaké", "Gbêkê"),
          ("Daloa", "Haut-Sassandra"), ("San-Pédro", "San-Pédro"), ("Korhogo", "Poro"), ("Man", "Tonkpi"), ("Gagnoa", "Gôh"),
          ("Abengourou", "Indénié-Djuablin"), ("Séguéla", "Worodougou"), ("Odienné", "Kabadougou"), ("Bondoukou", "Gontougo"),
          ("Divo", "Lôh-Djiboua"), ("Soubré", "Nawa"), ("Ferkessédougou", "Tchologo"), ("Grand-Bassam", "Sud-Comoé")]
tlp = ["TLP:CLEAR", "TLP:GREEN", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
cis, softs = list(ci), list(soft)
with open(path, "w", encoding="utf-8", newline="") as f:
    w = f.write
    w("code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification\n")
    for i in range(1, rows + 1):
        town, region = rnd.choice(places)
        lat, lon = round(rnd.uniform(4.4, 10.6), 5), round(rnd.uniform(-8.5, -2.6), 5)
        if rnd.random() < 0.4:
            s = rnd.choice(cis); fr, en, ops = ci[s]
            w(f"BENCH-{i:07d},{fr} de {town} n°{i},{town} {en} {i},ci,{s},,{rnd.choice(ops)},{lat},{lon},{region},{rnd.randint(10, 5000)},{rnd.choice(tlp)}\n")
        else:
            c = rnd.choice(softs); fr, en = soft[c]
            op = rnd.choice(["", "Mairie de " + town, "Privé"])
            w(f"BENCH-{i:07d},{fr} de {town} n°{i},{town} {en} {i},soft,,{c},{op},{lat},{lon},{region},{rnd.randint(50, 60000)},{rnd.choice(tlp)}\n")
PY
big="$work/sites-$rows.csv"
little="$work/sites-$small.csv"
python3 "$work/gen.py" "$rows" "$big" "$seed"
python3 "$work/gen.py" "$small" "$little" "$seed"
mb() { python3 -c "import os; print(f'{os.path.getsize(\"$1\") / 1e6:.0f}')"; }

log "Preparing the database: the web app's first start (migrations, catalog, demo), then stopped"
prepared="$work/prepared.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$work" && exec env ConnectionStrings__Rempart="Data Source=$prepared" Database__MigrateOnStart=true Demo__Load=true Catalog__ImportOnStart=true \
  ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$web") >"$work/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/account/signin" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "the web app did not start; its log:" >&2; cat "$work/app.log" >&2; exit 1; }
  sleep 0.25
done
stop
# Everything into the main file, so that one copy of it is the whole database (it stays in WAL mode).
sqlite3 "$prepared" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
rm -f "$prepared-wal" "$prepared-shm"
demo_sites=$(sqlite3 "$prepared" "SELECT COUNT(*) FROM Sites s JOIN Engagements e ON e.Id = s.EngagementId WHERE e.Code = 'CIV-2024';")
[ "$demo_sites" -gt 0 ] || { echo "the prepared database has no CIV-2024 sites; the demo did not load" >&2; exit 1; }

# GNU time's figures: wall-clock seconds and maximum resident set size in MB.
measured() {
  local file=$1
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f ", s }
              /Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$file"
}

peer() {
  local csv=$1 db="$work/peer.db"
  rm -f "$db" "$db-wal" "$db-shm"; cp "$prepared" "$db"
  sqlite3 "$db" "CREATE TABLE sites_peer (code TEXT NOT NULL, name_fr TEXT, name_en TEXT, kind TEXT, sector TEXT, category TEXT, operator TEXT,
    latitude REAL, longitude REAL, region TEXT, capacity INTEGER, classification TEXT); CREATE UNIQUE INDEX ix_sites_peer_code ON sites_peer (code);"
  sync
  /usr/bin/time -v -o "$work/time.txt" sqlite3 "$db" ".import --csv --skip 1 '$csv' sites_peer" >"$work/peer.out" 2>&1 || { cat "$work/peer.out" >&2; exit 1; }
  local n; n=$(sqlite3 "$db" "SELECT COUNT(*) FROM sites_peer;")
  [ "$n" = "$2" ] || { echo "peer: $n rows instead of $2" >&2; exit 1; }
  measured "$work/time.txt"
}

# For reading the ratio: the shell alone writing the same rows into Rempart's own table (22 columns, its primary key,
# three indexes) from the peer's already-imported table, in one INSERT ... SELECT: no CSV, no checks, ascending 16-byte
# ids (as the app stores identifiers, ADR 0013), constant stamps. What SQLite needs to store these rows in that shape,
# whoever writes them.
floor() {
  local db="$work/floor.db" engagement
  rm -f "$db" "$db-wal" "$db-shm"; cp "$work/peer.db" "$db"
  engagement=$(sqlite3 "$db" "SELECT hex(Id) FROM Engagements WHERE Code = 'CIV-2024';")
  sync
  /usr/bin/time -v -o "$work/time.txt" sqlite3 "$db" "PRAGMA cache_size = -32768; BEGIN;
    INSERT INTO Sites (Id, EngagementId, Code, NameFr, NameEn, Kind, Sector, Category, Operator, Latitude, Longitude, Region, Capacity, Measures, Classification, ImportId, CreatedAt, ConcurrencyStamp)
    SELECT CAST(printf('%016d', rowid) AS BLOB), X'$engagement', code, name_fr, name_en, kind, nullif(sector, ''), nullif(category, ''), nullif(operator, ''),
      latitude, longitude, region, capacity, '[]', classification, X'01A2A000000070008000000000000000', 0, X'01A2A000000070008000000000000000' FROM sites_peer;
    COMMIT;" >"$work/floor.out" 2>&1 || { cat "$work/floor.out" >&2; exit 1; }
  measured "$work/time.txt"
}

rempart() {
  local csv=$1 db="$work/rempart.db"
  rm -f "$db" "$db-wal" "$db-shm"; cp "$prepared" "$db"
  sync
  # stdout redirected: the progress is written as lines, not drawn.
  ConnectionStrings__Rempart="Data Source=$db" /usr/bin/time -v -o "$work/time.txt" "$cli" sites import "$csv" --engagement CIV-2024 >"$work/rempart.out" 2>&1 \
    || { cat "$work/rempart.out" >&2; exit 1; }
  local n; n=$(sqlite3 "$db" "SELECT COUNT(*) FROM Sites WHERE Code LIKE 'BENCH-%';")
  [ "$n" = "$2" ] || { echo "rempart: $n rows instead of $2" >&2; cat "$work/rempart.out" >&2; exit 1; }
  tail -1 "$work/rempart.out" >&2
  measured "$work/time.txt"
}

# The large file in rounds, each round one run of each side, the side that goes first alternating from round to round:
# this machine's speed drifts over minutes (writeback of the previous run's dirty pages, other work), and a single
# pair can land on either side of a drift. The table gives the median of each side and the ratio of the medians;
# each round's own ratio is listed beside it.
peer_runs=(); rem_runs=(); round_ratios=(); rem_big_rss=0
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2 == 1)); then
    log "Round $round/$rounds: sqlite3 .import, then rempart sites import, $rows rows"
    read -r p prss < <(peer "$big" "$rows"); read -r r rrss < <(rempart "$big" "$rows")
  else
    log "Round $round/$rounds: rempart sites import, then sqlite3 .import, $rows rows"
    read -r r rrss < <(rempart "$big" "$rows"); read -r p prss < <(peer "$big" "$rows")
  fi
  peer_runs+=("$p"); rem_runs+=("$r"); peer_big_rss=$prss
  if ((rrss > rem_big_rss)); then rem_big_rss=$rrss; fi
  round_ratios+=("$(python3 -c "print(f'{$r / $p:.2f}')")")
done
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }
peer_big=$(median "${peer_runs[@]}"); rem_big=$(median "${rem_runs[@]}")
log "sqlite3 INSERT ... SELECT into Rempart's table, $rows rows"; read -r floor_big _ < <(floor)
log "sqlite3 .import, $small rows"; read -r peer_small peer_small_rss < <(peer "$little" "$small")
log "rempart sites import, $small rows"; read -r rem_small rem_small_rss < <(rempart "$little" "$small")

times() { python3 -c "print(f'{$1 / $2:.2f}x')"; }
met() { python3 -c "print('yes' if $1 else 'no')"; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit (with uncommitted changes)"
table=$(cat <<MD
Run of $(date -u +%F) on commit $commit; $(nproc) cores (load average before the run: $(cut -d' ' -f1 /proc/loadavg)); SQLite $(sqlite3 --version | cut -d' ' -f1) (shell), files of $(mb "$little") MB and $(mb "$big") MB; each import a separate process on its own copy of the same prepared database (WAL), start-up included.

| rows | sqlite3 \`.import\` s | Rempart \`sites import\` s | ratio | goal | met? | sqlite3 max RSS | Rempart max RSS |
|---:|---:|---:|---:|---|---|---:|---:|
| $small | $peer_small | $rem_small | $(times "$rem_small" "$peer_small") | (for information) | | $peer_small_rss MB | $rem_small_rss MB |
| $rows (median of $rounds rounds) | $peer_big | $rem_big | $(times "$rem_big" "$peer_big") | ≤ 1.5x | $(met "$rem_big <= 1.5 * $peer_big") | $peer_big_rss MB | $rem_big_rss MB |

Each round at $rows rows, in seconds (the side that ran first alternates): sqlite3 ${peer_runs[*]}; Rempart ${rem_runs[*]}; ratio per round ${round_ratios[*]}.

For reading the ratio: the shell alone, writing the same $rows rows into Rempart's \`Sites\` table from its imported table (one \`INSERT ... SELECT\`, no CSV, no checks), took $floor_big s, $(times "$floor_big" "$peer_big") the time of \`.import\`.

Rempart's peak memory at $rows rows vs. $small rows: $(times "$rem_big_rss" "$rem_small_rss") (goal: does not grow with the file, ≤ 1.15x: $(met "$rem_big_rss <= 1.15 * $rem_small_rss")).
MD
)
mkdir -p bench/results
echo "$table" | tee "bench/results/sites-$(date -u +%Y%m%dT%H%M%SZ).md"
if [ "$record" = 1 ]; then
  python3 tools/record-section.py docs/BENCHMARKS.md sites "$table"
fi
