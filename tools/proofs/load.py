"""Steps of tools/proofs/load.sh that talk to the app: pick the answers the clients save, then count what was kept."""
import json, os, sys, urllib.request

url, token = os.environ["LOAD_URL"], os.environ["LOAD_TOKEN"]


def get(path):
    req = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token, "Accept-Language": "en"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


if sys.argv[1] == "slots":
    # One answer per client, from questionnaires open to saving (not submitted, not accepted).
    wanted, slots = int(sys.argv[2]), []
    for a in sorted(get("/api/v1/engagements/CIV-2024/assignments"), key=lambda a: a["entity"]):
        if a["state"] not in ("NotStarted", "InProgress", "Returned"):
            continue
        for item in get(f"/api/v1/engagements/CIV-2024/assignments/{a['entity']}")["items"]:
            answer = item["answer"]
            if len(slots) < wanted:
                slots.append(f"{a['entity']} {answer['questionId']} {answer.get('concurrencyStamp') or '00000000-0000-0000-0000-000000000000'}")
    if len(slots) < wanted:
        sys.exit(f"only {len(slots)} answers are open to saving; ask for fewer connections")
    print("\n".join(slots))
elif sys.argv[1] == "count":
    # Every acknowledged save must be a revision of its answer, found by its comment. Prints: found, lost, extra (saves
    # the app applied whose answer wrk did not wait for when the time was up).
    run, found = os.environ["LOAD_RUN"], set()
    for line in open(sys.argv[2]):
        entity, question, _ = line.split()
        history = get(f"/api/v1/engagements/CIV-2024/assignments/{entity}/answers/{question}/history")
        found |= {r["comment"] for r in history if (r.get("comment") or "").startswith(run + " ")}
    acked = set()
    for name in os.listdir(sys.argv[3]):
        acked |= {l.strip() for l in open(os.path.join(sys.argv[3], name)) if l.strip()}
    print(len(acked & found), len(acked - found), len(found - acked))
