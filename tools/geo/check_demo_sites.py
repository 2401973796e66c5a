#!/usr/bin/env python3
"""Checks demo/sites-civ-2024.csv and demo/site-risk-civ-2024.yaml against the rules of the demo inventory.

Run from the repository root: python3 tools/geo/check_demo_sites.py
Needs PyYAML for the risk file (skipped with a warning if absent). Exit code 1 on any error.
"""
import csv, json, math, re, sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSV_PATH = ROOT / "demo/sites-civ-2024.csv"
YAML_PATH = ROOT / "demo/site-risk-civ-2024.yaml"
GEO_PATH = ROOT / "src/Rempart.Web/Targets/countries-50m.geojson"
# Natural Earth 1:10m outlines from world-atlas (present after `cd tools/geo && npm ci`), used only for coastal sites.
TOPO_10M = ROOT / "tools/geo/node_modules/world-atlas/countries-10m.json"
COAST_KM_50M = 6.0  # how far outside the 1:50m outline a coastal site may lie...
COAST_KM_10M = 2.5  # ...provided it is inside the 1:10m outline or this close to it

HEADER = "code,name_fr,name_en,kind,sector,subsector,category,operator,latitude,longitude,region,capacity,classification,measures"
SECTORS = {"energy", "transport", "banking", "financial-market-infrastructure", "health", "drinking-water", "waste-water",
           "digital-infrastructure", "public-administration", "space", "food"}
SUBSECTORS = {"energy-electricity": "energy", "energy-oil": "energy", "energy-gas": "energy", "transport-air": "transport",
              "transport-rail": "transport", "transport-water": "transport", "transport-road": "transport",
              "transport-public": "transport"}
CATEGORIES = {"places-of-worship", "education", "health-facilities", "hotels-restaurants", "markets-malls", "transport-hubs",
              "stadiums-sports-venues", "mass-gatherings", "tourist-sites", "urban-public-spaces", "entertainment-venues",
              "public-buildings"}
TLP = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
MEASURES = ["access-control", "perimeter", "cctv", "guarding", "screening", "emergency-plan", "exercises", "staff-training",
            "hvm", "counter-uas-awareness", "alert-public", "liaison-police"]
REGIONS = {"District autonome d'Abidjan", "District autonome de Yamoussoukro", "Agnéby-Tiassa", "Bafing", "Bagoué", "Bélier",
           "Béré", "Bounkani", "Cavally", "Folon", "Gbêkê", "Gbôklé", "Gôh", "Gontougo", "Grands-Ponts", "Guémon", "Hambol",
           "Haut-Sassandra", "Iffou", "Indénié-Djuablin", "Kabadougou", "La Mé", "Lôh-Djiboua", "Marahoué", "Moronou", "Nawa",
           "N'Zi", "Poro", "San-Pédro", "Sud-Comoé", "Tchologo", "Tonkpi", "Worodougou"}
SCENARIOS = {"ied", "armed-assault", "vehicle-ramming", "uas", "arson", "cbrn", "cyber-physical", "insider"}
CARVER = ["criticality", "accessibility", "recuperability", "vulnerability", "effect", "recognizability", "shock"]
PERSON_HINTS = re.compile(r"\b(M\.|Mme|Mr|Mrs|Dr)\s", re.I)

errors = []
def err(msg):
    errors.append(msg)

def point_in_ring(x, y, ring):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]; xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside

def point_in_geometry(x, y, geom):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for rings in polys:
        if point_in_ring(x, y, rings[0]) and not any(point_in_ring(x, y, h) for h in rings[1:]):
            return True
    return False

def ring_distance_km(x, y, ring):
    """Shortest distance in km from (x, y) to the ring's edges (equirectangular, fine at this scale)."""
    kx = 111.32 * math.cos(math.radians(y)); ky = 110.57
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        ax, ay = (x2 - x1) * kx, (y2 - y1) * ky
        px, py = (x - x1) * kx, (y - y1) * ky
        l2 = ax * ax + ay * ay
        u = 0.0 if l2 == 0 else max(0.0, min(1.0, (px * ax + py * ay) / l2))
        best = min(best, math.hypot(px - u * ax, py - u * ay))
    return best

def geometry_distance_km(x, y, geom):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return min(ring_distance_km(x, y, ring) for rings in polys for ring in rings)

def topo_geometry(path, iso_n3):
    """Decodes one country of a quantized TopoJSON file into GeoJSON-like coordinates (no topojson library needed)."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0; pts = []
        for dx, dy in arc:
            x += dx; y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    def ring(indexes):
        out = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out
    g = next(g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == iso_n3)
    if g["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in g["arcs"]]}
    return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in g["arcs"]]}

geo = json.loads(GEO_PATH.read_text(encoding="utf-8"))
civ = [f for f in geo["features"] if f["properties"].get("iso_a3") == "CIV"]
if len(civ) != 1:
    sys.exit("CIV feature missing or duplicated in the GeoJSON")
civ_geom = civ[0]["geometry"]
civ_10m = topo_geometry(TOPO_10M, "384") if TOPO_10M.exists() else None
coastal = []

raw = CSV_PATH.read_bytes()
if raw.startswith(b"\xef\xbb\xbf"):
    err("CSV starts with a BOM")
text = raw.decode("utf-8")
if any(line.startswith("#") for line in text.splitlines()):
    err("CSV contains comment lines")
if text.splitlines()[0] != HEADER:
    err("CSV header differs from the expected header")

rows = list(csv.DictReader(text.splitlines()))
codes = Counter(r["code"] for r in rows)
for c, n in codes.items():
    if n > 1:
        err(f"duplicate code {c}")
if not 300 <= len(rows) <= 400:
    err(f"{len(rows)} rows, expected 300-400")

for r in rows:
    c = r["code"]
    if None in r or any(v is None for v in r.values()):
        err(f"{c}: wrong number of fields"); continue
    if not re.fullmatch(r"CIV-[A-Z]{2}-\d{3}", c):
        err(f"{c}: bad code format")
    for f in ("name_fr", "name_en", "operator", "region"):
        if not r[f].strip():
            err(f"{c}: empty {f}")
        if PERSON_HINTS.search(r[f]):
            err(f"{c}: {f} looks like a person name")
    if r["kind"] == "ci":
        if r["sector"] not in SECTORS: err(f"{c}: bad sector {r['sector']!r}")
        if r["subsector"] and SUBSECTORS.get(r["subsector"]) != r["sector"]:
            err(f"{c}: subsector {r['subsector']!r} not under sector {r['sector']!r}")
        if r["category"]: err(f"{c}: ci site with a category")
    elif r["kind"] == "soft":
        if r["category"] not in CATEGORIES: err(f"{c}: bad category {r['category']!r}")
        if r["sector"] or r["subsector"]: err(f"{c}: soft site with a sector/subsector")
    else:
        err(f"{c}: bad kind {r['kind']!r}")
    for f in ("latitude", "longitude"):
        if not re.fullmatch(r"-?\d+\.\d{4,5}", r[f]):
            err(f"{c}: {f} {r[f]!r} not a decimal with 4-5 decimals")
    try:
        lat, lon = float(r["latitude"]), float(r["longitude"])
    except ValueError:
        continue
    if not (4.3 <= lat <= 10.8 and -8.6 <= lon <= -2.5):
        err(f"{c}: ({lat}, {lon}) outside the CIV bounding box")
    elif not point_in_geometry(lon, lat, civ_geom):
        # The 1:50m outline follows the northern shore of the Ebrié and Aby lagoons, so the Abidjan port area, Vridi,
        # Port-Bouët and the Grand-Bassam/Assinie coast fall "in the sea" at that scale. Such sites are accepted only when
        # they are close to the 1:50m outline and inside, or close to, the 1:10m outline (which is also coarse at Vridi).
        d50 = geometry_distance_km(lon, lat, civ_geom)
        if civ_10m is None:
            err(f"{c}: ({lat}, {lon}) outside the 1:50m CIV polygon by {d50:.1f} km and the 1:10m data is not installed (npm ci)")
            continue
        d10 = 0.0 if point_in_geometry(lon, lat, civ_10m) else geometry_distance_km(lon, lat, civ_10m)
        if d50 > COAST_KM_50M or d10 > COAST_KM_10M:
            err(f"{c}: ({lat}, {lon}) outside the CIV polygon ({r['name_fr']}; {d50:.1f} km from the 1:50m outline, "
                f"{d10:.1f} km from the 1:10m outline)")
        else:
            coastal.append(f"{c}: {d50:.1f} km outside 1:50m, {d10:.1f} km outside 1:10m, {r['name_fr']}")
    if r["region"] not in REGIONS:
        err(f"{c}: unknown region {r['region']!r}")
    if r["capacity"] and not re.fullmatch(r"[1-9]\d*", r["capacity"]):
        err(f"{c}: capacity {r['capacity']!r} not a positive integer")
    if r["classification"] not in TLP:
        err(f"{c}: bad classification {r['classification']!r}")
    ms = r["measures"].split(";") if r["measures"] else []
    for m in ms:
        if m not in MEASURES: err(f"{c}: unknown measure {m!r}")
    if len(ms) != len(set(ms)):
        err(f"{c}: repeated measure")

site_codes = set(codes)
kinds = {r["code"]: r["kind"] for r in rows}
n_assess = 0
try:
    import yaml
except ImportError:
    yaml = None
    print("warning: PyYAML not installed, risk file not checked")
if yaml is not None and YAML_PATH.exists():
    doc = yaml.safe_load(YAML_PATH.read_text(encoding="utf-8"))
    items = doc.get("assessments") or []
    n_assess = len(items)
    if not 40 <= n_assess <= 60:
        err(f"{n_assess} assessments, expected 40-60")
    seen = Counter(a.get("site") for a in items)
    for s, n in seen.items():
        if n > 1: err(f"risk: site {s} assessed {n} times")
    for a in items:
        s = a.get("site")
        if s not in site_codes:
            err(f"risk: unknown site {s}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(a.get("date"))):
            err(f"risk {s}: bad date {a.get('date')!r}")
        rat = a.get("rationale") or {}
        if not (isinstance(rat.get("fr"), str) and rat["fr"].strip() and isinstance(rat.get("en"), str) and rat["en"].strip()):
            err(f"risk {s}: rationale needs fr and en")
        if a.get("method") == "carver":
            sc = a.get("scores") or {}
            if set(sc) != set(CARVER): err(f"risk {s}: CARVER keys {sorted(sc)}")
            for k, v in sc.items():
                if not (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 10):
                    err(f"risk {s}: {k}={v!r} not an integer 1-10")
        elif a.get("method") == "scenario":
            scs = a.get("scenarios") or []
            if not 2 <= len(scs) <= 3: err(f"risk {s}: {len(scs)} scenarios, expected 2-3")
            for x in scs:
                if x.get("scenario") not in SCENARIOS: err(f"risk {s}: bad scenario {x.get('scenario')!r}")
                for k in ("threat", "vulnerability"):
                    v = x.get(k)
                    if not (isinstance(v, (int, float)) and 0 <= v <= 1): err(f"risk {s}: {k}={v!r} not in 0..1")
                for k in ("lives", "people-without-service", "outage-hours", "economic"):
                    v = x.get(k)
                    if not (isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0): err(f"risk {s}: {k}={v!r} not >= 0")
                extra = set(x) - {"scenario", "threat", "vulnerability", "lives", "people-without-service", "outage-hours", "economic"}
                if extra: err(f"risk {s}: unexpected keys {sorted(extra)}")
        else:
            err(f"risk {s}: bad method {a.get('method')!r}")

print(f"{len(rows)} sites ({Counter(r['kind'] for r in rows)}), {n_assess} assessments")
print("classification:", dict(sorted(Counter(r["classification"] for r in rows).items(), key=lambda kv: TLP.index(kv[0]) if kv[0] in TLP else 9)))
if coastal:
    print(f"{len(coastal)} coastal site(s) outside the 1:50m outline, accepted as coastal:")
    for x in coastal:
        print("  ", x)
for e in errors:
    print("ERROR:", e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
