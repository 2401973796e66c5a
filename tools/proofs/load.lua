-- The clients of tools/proofs/load.sh: one connection per wrk thread, each with its own answer to save (so that its
-- concurrency stamp follows its own saves), four reads for every save. Counts the saves the app acknowledged.
local token = os.getenv("LOAD_TOKEN")
local run = os.getenv("LOAD_RUN")
local slots = {}
for line in io.lines(os.getenv("LOAD_SLOTS")) do
  slots[#slots + 1] = line
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[#threads + 1] = thread
end

function init(args)
  entity, question, stamp = slots[id]:match("(%S+) (%S+) (%S+)")
  n, acked, refused, saving, comment = 0, 0, 0, false, nil
  -- Every acknowledged save by its comment, so that afterwards each one is looked up (not merely counted).
  acks = io.open(os.getenv("LOAD_ACKS") .. "/" .. id, "w")
  reads = {
    "/api/v1/engagements/CIV-2024/dashboard",
    "/api/v1/engagements/CIV-2024/findings",
    "/api/v1/engagements/CIV-2024/assignments/" .. entity,
    "/api/v1/engagements/CIV-2024",
  }
  get_headers = { ["Authorization"] = "Bearer " .. token, ["Accept-Language"] = "en" }
  put_headers = { ["Authorization"] = "Bearer " .. token, ["Accept-Language"] = "en", ["Content-Type"] = "application/json" }
end

function request()
  n = n + 1
  if n % 5 == 0 then
    saving = true
    comment = string.format("%s %d %d", run, id, n)
    local body = string.format('{"level":%d,"notApplicable":false,"comment":"%s","expectedStamp":"%s"}', 1 + n % 4, comment, stamp)
    return wrk.format("PUT", "/api/v1/engagements/CIV-2024/assignments/" .. entity .. "/answers/" .. question, put_headers, body)
  end
  saving = false
  return wrk.format("GET", reads[(n % 4) + 1], get_headers)
end

function response(status, headers, body)
  if saving then
    if status == 200 then
      acked = acked + 1
      acks:write(comment, "\n")
      acks:flush()
      stamp = body:match('"concurrencyStamp":"([%x%-]+)"') or stamp
    else
      refused = refused + 1
    end
  end
end

function done(summary, latency, requests)
  local acked_total, refused_total = 0, 0
  for _, t in ipairs(threads) do
    acked_total = acked_total + t:get("acked")
    refused_total = refused_total + t:get("refused")
  end
  local out = io.open(os.getenv("LOAD_OUT"), "w")
  out:write(string.format(
    "requests=%d\nduration_us=%d\nconnect=%d\nread=%d\nwrite=%d\nstatus=%d\ntimeout=%d\np50_us=%d\np99_us=%d\nmax_us=%d\nacked=%d\nrefused=%d\n",
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50), latency:percentile(99), latency.max, acked_total, refused_total))
  out:close()
end
