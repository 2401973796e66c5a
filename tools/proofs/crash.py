"""The rounds of tools/proofs/crash.sh: start the app, load it, kill -9 it, check the database file. Prints a Markdown table."""
import hashlib, io, json, os, random, re, signal, socket, sqlite3, subprocess, sys, threading, time, urllib.request, urllib.error, uuid, zipfile
import appinstances

web, cli, work = os.environ["CRASH_WEB"], os.environ["CRASH_CLI"], os.environ["CRASH_WORK"]
rounds, rows = int(os.environ["CRASH_ROUNDS"]), int(os.environ["CRASH_ROWS"])
db_path = os.path.join(work, "rempart.db")
rnd = random.Random(11)


def start():
    return appinstances.start(web, work, "app.log")


def call(url, token, method, path, body=None, content_type="application/json", timeout=60):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method, headers={"Authorization": "Bearer " + token, "Content-Type": content_type, "Accept-Language": "en"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def multipart(name, content, fields=None):
    boundary = uuid.uuid4().hex
    parts = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in (fields or {}).items())
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
    return parts + head + content + f"\r\n--{boundary}--\r\n".encode(), "multipart/form-data; boundary=" + boundary


def filled_workbook(xlsx, tag):
    """The offline questionnaire as a respondent returns it: every row at level 2 with a comment naming the round (columns G and I)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    workbook = source.read("xl/workbook.xml").decode()
    rels = source.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<(?:\w+:)?sheet [^>]*name="Questionnaire"[^>]*r:id="([^"]+)"', workbook) or re.search(r'<(?:\w+:)?sheet [^>]*r:id="([^"]+)"[^>]*name="Questionnaire"', workbook)
    target = re.search(r'<Relationship [^>]*Id="' + rid.group(1) + r'"[^>]*Target="([^"]+)"', rels) or re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="' + rid.group(1) + '"', rels)
    name = target.group(1).lstrip("/")
    name = name if name.startswith("xl/") else "xl/" + name
    sheet = source.read(name).decode()
    rows = 0

    def cell(m, column, value):
        prefix, ref, attributes = m.group(1), m.group(2), m.group(3)
        style = re.search(r'\ss="(\d+)"', attributes)
        s = f' s="{style.group(1)}"' if style else ""
        if column == "G":
            return f'<{prefix}c r="{ref}"{s}><{prefix}v>{value}</{prefix}v></{prefix}c>'
        return f'<{prefix}c r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t>{value}</{prefix}t></{prefix}is></{prefix}c>'

    for column, value in (("G", "2"), ("I", None)):
        pattern = re.compile(r'<((?:\w+:)?)c r="(' + column + r'(\d+))"([^>]*?)(?:/>|>.*?</(?:\w+:)?c>)', re.S)

        def replace(m, column=column, value=value):
            nonlocal rows
            if int(m.group(3)) < 2:
                return m.group(0)
            if column == "G":
                rows += 1
            fixed = type("M", (), {"group": lambda self, i, m=m: {1: m.group(1), 2: m.group(2), 3: m.group(4)}[i]})()
            return cell(fixed, column, value if value is not None else f"{tag} row {m.group(3)}")
        sheet = pattern.sub(replace, sheet)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for item in source.infolist():
            target_zip.writestr(item, sheet.encode() if item.filename == name else source.read(item.filename))
    return out.getvalue(), rows


def sites_csv(prefix):
    lines = ["code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification"]
    for i in range(rows):
        lines.append(f"{prefix}-{i:06d},Marché {i},Market {i},soft,,markets-malls,Mairie,{5 + (i % 300) / 100:.2f},{-4 - (i % 200) / 100:.2f},Abidjan,{100 + i % 5000},TLP:GREEN")
    return ("\n".join(lines) + "\n").encode()


# First start: migrations and the demo, a token for the officer, a roadmap to comment on, the questions to answer.
proc, url = start()
token = subprocess.run(["dotnet", cli, "tokens", "create", "--email", "officer@demo.rempart.example", "--name", "crash proof", "--days", "1"],
                       cwd=work, capture_output=True, text=True, check=True).stdout.split()[-1]
status, body = call(url, token, "GET", "/api/v1/engagements/CIV-2024/roadmap")
if status == 404:
    status, body = call(url, token, "POST", "/api/v1/engagements/CIV-2024/roadmap/generate")
plan = json.loads(call(url, token, "GET", "/api/v1/engagements/CIV-2024/roadmap")[1])
recommendations = [r["recommendation"]["id"] for r in plan["recommendations"]][:5]
entity = "MMPE"
items = json.loads(call(url, token, "GET", f"/api/v1/engagements/CIV-2024/assignments/{entity}")[1])["items"]
questions = [i["answer"]["questionId"] for i in items][:8]
# Workbook imports go to another entity's questionnaire, which no one edits on the web during the rounds.
assignments = json.loads(call(url, token, "GET", "/api/v1/engagements/CIV-2024/assignments")[1])
workbook_entity = next(a["entity"] for a in sorted(assignments, key=lambda a: -a["questions"])
                       if a["entity"] != entity and a["questions"] > 0 and a["state"] in ("NotStarted", "InProgress", "Returned"))
proc.send_signal(signal.SIGTERM)
proc.wait(timeout=60)

failures = []
totals = {"edits": 0, "saves": 0, "comments": 0, "complete": 0, "absent": 0, "half": 0, "integrity": 0, "wb_complete": 0, "wb_absent": 0, "wb_half": 0}
for round_no in range(1, rounds + 1):
    proc, url = start()
    stop = threading.Event()
    acked_saves, acked_comments, acked_edits, import_acked = [], [], [], [False]
    prefix = f"CRASH-R{round_no:02d}"
    payload, ctype = multipart(prefix + ".csv", sites_csv(prefix))
    status, exported = call(url, token, "GET", f"/api/v1/engagements/CIV-2024/assignments/{workbook_entity}/workbook?language=en", timeout=60)
    if status != 200:
        sys.exit(f"round {round_no}: the workbook of {workbook_entity} could not be exported ({status})")
    filled, workbook_rows = filled_workbook(exported, prefix)
    workbook_sha = hashlib.sha256(filled).hexdigest()
    workbook_payload, workbook_ctype = multipart(prefix + ".xlsx", filled, {"commit": "true", "conflicts": "TakeWorkbook", "entity": workbook_entity})
    workbook_acked = [False]
    kill_at = rnd.uniform(1.0, 8.0)
    # The workbook goes in just before the kill (0.05 to 0.8 s), so that the kill often lands inside its transaction.
    workbook_at = max(0.0, kill_at - rnd.uniform(0.05, 0.8))

    def current_stamp(question):
        s, b = call(url, token, "GET", f"/api/v1/engagements/CIV-2024/assignments/{entity}", timeout=10)
        return next(i["answer"]["concurrencyStamp"] for i in json.loads(b)["items"] if i["answer"]["questionId"] == question)

    def saver(question):
        n = 0
        try:
            stamp = current_stamp(question)
        except Exception:
            return
        while not stop.is_set():
            n += 1
            comment = f"{prefix} {question} {n}"
            try:
                s, b = call(url, token, "PUT", f"/api/v1/engagements/CIV-2024/assignments/{entity}/answers/{question}",
                            {"level": 1 + n % 4, "notApplicable": False, "comment": comment, "expectedStamp": stamp}, timeout=10)
                if s == 200:
                    acked_saves.append(comment)
                    stamp = json.loads(b)["answer"]["concurrencyStamp"]
                else:
                    stamp = current_stamp(question)
            except Exception:
                return

    def commenter():
        n = 0
        while not stop.is_set():
            n += 1
            text = f"{prefix} comment {n}"
            try:
                s, _ = call(url, token, "POST", f"/api/v1/engagements/CIV-2024/roadmap/recommendations/{recommendations[n % len(recommendations)]}/comments", {"text": text}, timeout=10)
            except Exception:
                return
            if s in (200, 204):
                acked_comments.append(text)

    def editor():
        # Roadmap edits: the first recommendation's English title, with the plan's stamp; a refusal re-reads the plan.
        n = 0
        try:
            view = json.loads(call(url, token, "GET", "/api/v1/engagements/CIV-2024/roadmap", timeout=10)[1])
        except Exception:
            return
        while not stop.is_set():
            n += 1
            item = next(r for r in view["recommendations"] if r["recommendation"]["id"] == recommendations[0])
            rec = item["recommendation"]
            body = {"recommendation": {"titleEn": f"{prefix} edit {n:06d}", "titleFr": rec["titleFr"], "textEn": rec["textEn"], "textFr": rec["textFr"],
                                       "rationaleEn": rec.get("rationaleEn"), "rationaleFr": rec.get("rationaleFr"), "lead": item.get("lead"),
                                       "supporting": item.get("supporting"), "priority": rec["priority"], "horizon": rec["horizon"],
                                       "costMin": rec.get("costMin"), "costMax": rec.get("costMax")},
                    "concurrencyStamp": view["concurrencyStamp"]}
            try:
                s, b = call(url, token, "PUT", f"/api/v1/engagements/CIV-2024/roadmap/recommendations/{recommendations[0]}", body, timeout=10)
                if s == 200:
                    acked_edits.append(n)
                    view = json.loads(b)
                else:
                    view = json.loads(call(url, token, "GET", "/api/v1/engagements/CIV-2024/roadmap", timeout=10)[1])
            except Exception:
                return

    def importer():
        try:
            s, _ = call(url, token, "POST", "/api/v1/engagements/CIV-2024/sites/import", payload, ctype, timeout=120)
            import_acked[0] = s == 200
        except Exception:
            pass

    def workbook_importer():
        time.sleep(workbook_at)
        try:
            s, b = call(url, token, "POST", "/api/v1/engagements/CIV-2024/workbooks/import", workbook_payload, workbook_ctype, timeout=120)
            workbook_acked[0] = s == 200 and json.loads(b).get("committed") is True
        except Exception:
            pass

    threads = [threading.Thread(target=saver, args=(q,)) for q in questions[:4]] + [threading.Thread(target=commenter), threading.Thread(target=editor), threading.Thread(target=importer), threading.Thread(target=workbook_importer)]
    for t in threads:
        t.start()
    time.sleep(kill_at)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join(timeout=130)

    con = sqlite3.connect(db_path)
    try:
        verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
        count = con.execute("SELECT COUNT(*) FROM Sites WHERE Code LIKE ?", (prefix + "-%",)).fetchone()[0]
        stored = {r[0] for r in con.execute("SELECT Comment FROM AnswerRevisions WHERE Comment LIKE ?", (prefix + " %",))}
        notes = {r[0] for r in con.execute("SELECT Text FROM RecommendationComments WHERE Text LIKE ?", (prefix + " %",))}
        imported = con.execute("SELECT COUNT(*) FROM AnswerRevisions WHERE Source = ?", (workbook_sha,)).fetchone()[0]
        # Identifiers are stored as their 16 bytes, big-endian (ADR 0013): hex() gives the id's digits.
        title = con.execute("SELECT TitleEn FROM Recommendations WHERE hex(Id) = ?", (recommendations[0].replace("-", "").upper(),)).fetchone()
        title = title[0] if title else ""
    finally:
        con.close()
    if verdict == "ok":
        totals["integrity"] += 1
    else:
        failures.append(f"round {round_no}: integrity check says {verdict}")
    if count == rows:
        totals["complete"] += 1
    elif count == 0:
        totals["absent"] += 1
        if import_acked[0]:
            failures.append(f"round {round_no}: the import was acknowledged but none of its sites is there")
    else:
        totals["half"] += 1
        failures.append(f"round {round_no}: {count} of {rows} sites: a half-applied import")
    if imported == workbook_rows:
        totals["wb_complete"] += 1
    elif imported == 0:
        totals["wb_absent"] += 1
        if workbook_acked[0]:
            failures.append(f"round {round_no}: the workbook import was acknowledged but none of its {workbook_rows} answers is there")
    else:
        totals["wb_half"] += 1
        failures.append(f"round {round_no}: {imported} of {workbook_rows} workbook answers: a half-applied import")
    # An edit overwrites the one before: the title kept must be the last acknowledged edit, or a later one whose answer
    # the kill cut off.
    kept_edit = int(title.rsplit(" ", 1)[1]) if title.startswith(prefix + " edit ") else 0
    if acked_edits and kept_edit < acked_edits[-1]:
        failures.append(f"round {round_no}: roadmap edit {acked_edits[-1]} was acknowledged but the plan holds {title!r}")
    totals["edits"] += len(acked_edits)
    lost = [c for c in acked_saves if c not in stored]
    lost_notes = [c for c in acked_comments if c not in notes]
    if lost or lost_notes:
        failures.append(f"round {round_no}: acknowledged but missing: {len(lost)} answer saves, {len(lost_notes)} comments")
    totals["saves"] += len(acked_saves)
    totals["comments"] += len(acked_comments)
    print(f"round {round_no}: import {'complete' if count == rows else 'absent' if count == 0 else 'HALF'}, "
          f"workbook {'complete' if imported == workbook_rows else 'absent' if imported == 0 else 'HALF'} ({imported}/{workbook_rows}), "
          f"{len(acked_saves)} saves, {len(acked_edits)} roadmap edits and {len(acked_comments)} comments acknowledged, {len(lost) + len(lost_notes)} missing, integrity {verdict}", file=sys.stderr)

# The app seals what was pending when it was killed; the chain must be intact.
proc, url = start()
status, body = call(url, token, "GET", f"/api/v1/engagements/CIV-2024/assignments/{entity}")
stamp = next(i["answer"]["concurrencyStamp"] for i in json.loads(body)["items"] if i["answer"]["questionId"] == questions[0])
call(url, token, "PUT", f"/api/v1/engagements/CIV-2024/assignments/{entity}/answers/{questions[0]}", {"level": 3, "notApplicable": False, "comment": "after the rounds", "expectedStamp": stamp})
proc.send_signal(signal.SIGTERM)
proc.wait(timeout=60)
verify = subprocess.run(["dotnet", cli, "audit", "verify"], cwd=work, capture_output=True, text=True)
if verify.returncode != 0:
    failures.append("audit verify: " + (verify.stderr or verify.stdout).strip().splitlines()[-1])

print("| kills | integrity check ok | site imports complete / absent / half | workbook imports complete / absent / half | answer saves acknowledged | roadmap edits acknowledged | roadmap comments acknowledged | acknowledged but missing | audit chain |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
print(f"| {rounds} | {totals['integrity']} | {totals['complete']} / {totals['absent']} / {totals['half']} | {totals['wb_complete']} / {totals['wb_absent']} / {totals['wb_half']} | {totals['saves']} | {totals['edits']} | {totals['comments']} | "
      f"{sum(1 for f in failures if 'missing' in f or 'roadmap edit' in f)} | {'intact' if verify.returncode == 0 else 'BROKEN'} |")
for f in failures:
    print("- " + f)
sys.exit(1 if failures else 0)
