"""The steps of tools/proofs/instances.sh: two app instances on one PostgreSQL database. Prints a Markdown table."""
import base64, hashlib, hmac, http.cookiejar, json, os, re, signal, socket, struct, subprocess, sys, threading, time, urllib.error, urllib.parse, urllib.request
import appinstances

web, cli, work, root = os.environ["PROOF_WEB"], os.environ["PROOF_CLI"], os.environ["PROOF_WORK"], os.environ["PROOF_ROOT"]
seconds = float(os.environ.get("PROOF_SECONDS", "4"))
clients = int(os.environ.get("PROOF_CLIENTS", "8"))
failures = []


def start(name):
    return appinstances.start(web, work, f"{name}.log", f"instance {name}")


def totp(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def form_token(html):
    return re.findall(r'name="__RequestVerificationToken" value="([^"]+)"', html)[-1].replace("&#x2B;", "+").replace("&#x2F;", "/").replace("&#x3D;", "=")


def demo_secret(email):
    text = open(os.path.join(root, "demo", "workspace.yaml"), encoding="utf-8").read()
    return re.search(r"email: " + re.escape(email) + r"\n(?:\s+\w[\w-]*: .*\n)*?\s+authenticator-key: (\S+)", text).group(1)


a_proc, a_url = start("a")
b_proc, b_url = start("b")

# 1. Sign in on A (password, then the authenticator code), then work on B with the same session and forms.
jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = browser.open(a_url + "/account/signin").read().decode()
fields = {"__RequestVerificationToken": form_token(page), "_handler": "signin", "Input.Email": "officer@demo.rempart.example", "Input.Password": "Demo-Rempart-2024"}
response = browser.open(a_url + "/account/signin?ReturnUrl=%2F", urllib.parse.urlencode(fields).encode())
code_page, code_url = response.read().decode(), response.geturl()
fields = {"__RequestVerificationToken": form_token(code_page), "_handler": "signin-code", "Input.Code": totp(demo_secret("officer@demo.rempart.example"))}
browser.open(code_url, urllib.parse.urlencode(fields).encode()).read()
signed_in_on_a = "Samuel Adeyemi" in browser.open(a_url + "/engagements/CIV-2024").read().decode()
if not signed_in_on_a:
    failures.append("signing in on A failed (password and code)")
session_on_b, where = False, ""
try:
    response_b = browser.open(b_url + "/engagements/CIV-2024")
    page_b, where = response_b.read().decode(), response_b.geturl()
    session_on_b = "Samuel Adeyemi" in page_b and "/account/signin" not in where
except urllib.error.HTTPError as e:
    where = f"HTTP {e.code}"
if signed_in_on_a and not session_on_b:
    failures.append(f"the session opened on A does not open pages on B (B answered {where})")
# A form of A's page posted to B: antiforgery keys are shared through the database.
token_from_a = form_token(browser.open(a_url + "/engagements/CIV-2024").read().decode())
no_redirect = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a, **k: None})())
try:
    form_status = no_redirect.open(b_url + "/culture", urllib.parse.urlencode({"__RequestVerificationToken": token_from_a, "culture": "fr", "returnUrl": "/"}).encode()).status
except urllib.error.HTTPError as e:
    form_status = e.code
form_on_b = form_status in (302, 303)
if not form_on_b:
    failures.append(f"a form from A's page posted to B answered {form_status}")

# 2. Answer saves spread over both instances; A is stopped (SIGTERM) half-way; clients carry on with B.
token = subprocess.run(["dotnet", cli, "tokens", "create", "--email", "officer@demo.rempart.example", "--name", "two instances", "--days", "1"],
                       cwd=work, capture_output=True, text=True, check=True).stdout.split()[-1]


def call(url, method, path, body=None, timeout=30):
    req = urllib.request.Request(url + path, data=None if body is None else json.dumps(body).encode(), method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept-Language": "en"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


slots = []
for a in sorted(json.loads(call(b_url, "GET", "/api/v1/engagements/CIV-2024/assignments")[1]), key=lambda a: a["entity"]):
    if a["state"] in ("NotStarted", "InProgress", "Returned"):
        for item in json.loads(call(b_url, "GET", f"/api/v1/engagements/CIV-2024/assignments/{a['entity']}")[1])["items"]:
            if len(slots) < clients:
                slots.append((a["entity"], item["answer"]["questionId"]))
run = f"TWO-{int(time.time())}"
stop, a_stopped = threading.Event(), threading.Event()
lock = threading.Lock()
acked, counts = [], {"a": 0, "b": 0, "after_stop": 0, "refused_connections": 0, "server_errors": 0, "conflicts": 0}


def client(index, entity, question):
    n = 0
    path = f"/api/v1/engagements/CIV-2024/assignments/{entity}/answers/{question}"
    stamp = next(i["answer"]["concurrencyStamp"] for i in json.loads(call(b_url, "GET", f"/api/v1/engagements/CIV-2024/assignments/{entity}")[1])["items"]
                 if i["answer"]["questionId"] == question)
    while not stop.is_set():
        n += 1
        comment = f"{run} {index} {n}"
        targets = [("a", a_url), ("b", b_url)] if n % 2 else [("b", b_url), ("a", a_url)]
        for name, url in targets:
            try:
                status, body = call(url, "PUT", path, {"level": 1 + n % 4, "notApplicable": False, "comment": comment, "expectedStamp": stamp})
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                with lock:
                    counts["refused_connections"] += 1
                continue  # not acknowledged: the same save goes to the other instance
            with lock:
                if status == 200:
                    acked.append(comment)
                    counts[name] += 1
                    if a_stopped.is_set():
                        counts["after_stop"] += 1
                elif status >= 500:
                    counts["server_errors"] += 1
                elif status == 409:
                    counts["conflicts"] += 1
            if status == 200:
                stamp = json.loads(body)["answer"]["concurrencyStamp"]
            elif status == 409:
                # A save applied by A whose answer was lost as A stopped: take the current stamp and go on.
                stamp = json.loads(call(b_url, "GET", f"/api/v1/engagements/CIV-2024/assignments/{entity}")[1])["items"]
                stamp = next(i["answer"]["concurrencyStamp"] for i in stamp if i["answer"]["questionId"] == question)
            break


threads = [threading.Thread(target=client, args=(i, e, q)) for i, (e, q) in enumerate(slots)]
for t in threads:
    t.start()
time.sleep(seconds)
a_proc.send_signal(signal.SIGTERM)
a_proc.wait(timeout=60)
a_stopped.set()
time.sleep(seconds)
stop.set()
for t in threads:
    t.join(timeout=60)

found = set()
for entity, question in slots:
    history = json.loads(call(b_url, "GET", f"/api/v1/engagements/CIV-2024/assignments/{entity}/answers/{question}/history")[1])
    found |= {r["comment"] for r in history if (r.get("comment") or "").startswith(run + " ")}
lost = [c for c in acked if c not in found]
if lost:
    failures.append(f"{len(lost)} acknowledged saves are missing")
if counts["server_errors"]:
    failures.append(f"{counts['server_errors']} server errors")
b_proc.send_signal(signal.SIGTERM)
b_proc.wait(timeout=60)

print("| session from A works on B | A's form accepted by B | clients | saves acknowledged by A | by B | by B after A stopped | connections refused (retried on B) | conflicts after a lost answer | server errors | acknowledged but missing |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {'yes' if session_on_b else 'NO'} | {'yes' if form_on_b else 'NO'} | {len(slots)} | {counts['a']} | {counts['b']} | {counts['after_stop']} | {counts['refused_connections']} | "
      f"{counts['conflicts']} | {counts['server_errors']} | {len(lost)} |")
for f in failures:
    print("- " + f)
sys.exit(1 if failures else 0)
