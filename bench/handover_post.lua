-- wrk script: POST the handover form ("breng", tone "fijn", one parent, a short note),
-- with a fresh idempotency key per request, so every request logs a new conversation.
--   wrk ... -s bench/handover_post.lua http://127.0.0.1:PORT -- <path> <sessions file> <parent id>
-- The sessions file has one logged-in session per line: "<Cookie header>\t<csrf token>".
-- Requests rotate over the sessions, so the "saved" messages (kept in the session until the
-- next page is shown, which wrk never asks for) pile up slowly in each.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local sessions = {}
local path, parent
local hex = "0123456789abcdef"
bad = 0

local function uuid4()
  local t = {}
  for i = 1, 32 do
    local r = math.random(1, 16)
    t[i] = hex:sub(r, r)
  end
  t[13] = "4"
  local v = math.random(9, 12) -- 8, 9, a or b
  t[17] = hex:sub(v, v)
  local s = table.concat(t)
  return s:sub(1, 8) .. "-" .. s:sub(9, 12) .. "-" .. s:sub(13, 16) .. "-" .. s:sub(17, 20) .. "-" .. s:sub(21, 32)
end

function init(args)
  path, parent = args[1], args[3]
  for line in io.lines(args[2]) do
    local cookie, token = line:match("^(.-)\t(.*)$")
    if cookie then
      table.insert(sessions, { cookie = cookie, token = token })
    end
  end
  -- Distinct per thread and per run: the keys must never repeat.
  math.randomseed(os.time() * 100 + id * 7919 + math.floor((os.clock() * 1e6) % 7919))
end

function request()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  local key = uuid4()
  -- A note of its own per request (also across runs): the same note for the same child
  -- within minutes is taken for a resubmitted form and not saved again.
  local body = "csrfmiddlewaretoken=" .. s.token
    .. "&soort=breng&tone=fijn&summary=Goed+geslapen+en+vrolijk+binnengekomen+" .. key:sub(1, 8)
    .. "&parents=" .. parent
    .. "&idempotency_key=" .. key
  return wrk.format("POST", path, {
    ["Cookie"] = s.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

-- A saved talk redirects to the home page; anything else (the form again, a login page,
-- a 403 from the csrf check) is a failed request even when its status is 2xx or 3xx.
function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status ~= 302 or location:find("login") or location:find("2fa") then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("bad") or 0)
  end
  io.write(string.format("bad_responses: %d\n", total))
end
