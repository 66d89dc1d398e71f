/**
 * The Lua script that checks a batch of limits in one atomic round trip.
 *
 * It mirrors `src/algorithms/*.ts` line for line (Lua numbers are doubles, like JavaScript's),
 * so the memory and Redis stores answer alike; the shared store spec holds them to it. States
 * carry their own timestamps and the key TTL only collects garbage, so a clock passed in
 * `ARGV[1]` (tests) works as well as the server's `TIME` (production: one clock for every
 * process). Numbers are written with `%.17g`, which round-trips a double exactly.
 *
 * KEYS: one per limit, all in one hash slot. ARGV: now (empty for server time), then per limit
 * algorithm tag, limit, window ms, cost, lease id. Returns per limit: allowed (0/1), remaining,
 * reset ms, retry-after ms.
 */
export const CHECK_SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local EPSILON = 1e-6
local function num(x) return string.format('%.17g', x) end
local function ttl(at) return math.max(1, math.ceil(at - now)) end

local function fixed(key, limit, w, cost)
  local s = redis.call('HMGET', key, 'u', 'r')
  local used, resetAt = tonumber(s[1]), tonumber(s[2])
  if not used or not resetAt or resetAt <= now then used = 0; resetAt = now + w end
  local resetMs = resetAt - now
  if used + cost > limit then return {0, limit - used, resetMs, resetMs} end
  used = used + cost
  return {1, limit - used, resetMs, 0}, function()
    redis.call('HSET', key, 'u', num(used), 'r', num(resetAt))
    redis.call('PEXPIRE', key, ttl(resetAt))
  end
end

local function sliding(key, limit, w, cost)
  local start = now - (now % w)
  local s = redis.call('HMGET', key, 's', 'p', 'c')
  local ws, sp, sc = tonumber(s[1]), tonumber(s[2]) or 0, tonumber(s[3]) or 0
  local previous, current = 0, 0
  if ws == start then previous = sp; current = sc elseif ws == start - w then previous = sc end
  local elapsed = now - start
  local estimate = (previous * (w - elapsed)) / w + current
  local function resetIn(c)
    if c > 0 then return 2 * w - elapsed end
    if previous > 0 then return w - elapsed end
    return 0
  end
  if estimate + cost > limit then
    local retry
    local roomNow = limit - current - cost
    if roomNow >= 0 and previous > 0 then
      retry = math.max(1, math.ceil(w * (1 - roomNow / previous) - elapsed - EPSILON))
    else
      local intoNext = 0
      if current > 0 then intoNext = math.max(0, w * (1 - (limit - cost) / current)) end
      retry = math.max(1, math.ceil(w - elapsed + intoNext - EPSILON))
    end
    return {0, math.max(0, math.floor(limit - estimate)), resetIn(current), retry}
  end
  current = current + cost
  return {1, math.max(0, math.floor(limit - estimate - cost)), resetIn(current), 0}, function()
    redis.call('HSET', key, 's', num(start), 'p', num(previous), 'c', num(current))
    redis.call('PEXPIRE', key, ttl(start + 2 * w))
  end
end

local function bucket(key, limit, w, cost)
  local interval = w / limit
  local tat = tonumber(redis.call('HGET', key, 't')) or now
  if tat < now then tat = now end
  local nextTat = tat + cost * interval
  local allowAt = nextTat - w
  if allowAt > now + EPSILON then
    local left = math.max(0, math.floor((w - (tat - now)) / interval + EPSILON))
    return {0, left, math.ceil(tat - now), math.max(1, math.ceil(allowAt - now))}
  end
  local left = math.max(0, math.floor((w - (nextTat - now)) / interval + EPSILON))
  return {1, left, math.ceil(nextTat - now), 0}, function()
    redis.call('HSET', key, 't', num(nextTat))
    redis.call('PEXPIRE', key, ttl(nextTat))
  end
end

local function inflight(key, limit, w, cost, lease)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', num(now))
  local live = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local used, lastExpiry = 0, now
  for i = 1, #live, 2 do
    used = used + tonumber(string.match(live[i], ':(%d+)$'))
    lastExpiry = math.max(lastExpiry, tonumber(live[i + 1]))
  end
  if used + cost > limit then return {0, limit - used, lastExpiry - now, 1000} end
  return {1, limit - used - cost, w, 0}, function()
    redis.call('ZADD', key, num(now + w), lease .. ':' .. cost)
    redis.call('PEXPIRE', key, w)
  end
end

local STEPS = { fw = fixed, sw = sliding, tb = bucket, cc = inflight }
local out, commits, allowed = {}, {}, true
for i = 1, #KEYS do
  local a = 2 + (i - 1) * 5
  local step = STEPS[ARGV[a]]
  local r, commit = step(KEYS[i], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), ARGV[a + 4])
  if r[1] == 0 then allowed = false end
  commits[i] = commit
  for j = 1, 4 do out[#out + 1] = r[j] end
end
if allowed then
  for i = 1, #KEYS do commits[i]() end
end
return out
`;

/**
 * Frees one concurrency lease. KEYS: the limit's key. ARGV: the clock (unused), the lease id.
 */
export const RELEASE_SCRIPT = `
local prefix = ARGV[2] .. ':'
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, 1, #prefix) == prefix then redis.call('ZREM', KEYS[1], member) end
end
return 0
`;
