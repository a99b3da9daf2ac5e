/**
 * The one script that decides every limit of a call. Redis runs scripts one at a time, so the
 * read-check-write below cannot interleave with another worker's: that is what makes N
 * processes admit exactly the limit. Time comes from Redis `TIME` (microseconds), never from the
 * worker, so a worker with a wrong clock cannot change an outcome.
 *
 * KEYS[i]  one key per limit (all in one hash-tag slot on a Cluster)
 * ARGV[1]  cost
 * ARGV[1 + 3(i-1) + 1..3]  algorithm ('g' GCRA | 's' strict), limit, period in ms
 *
 * Phase one checks every key and writes nothing (the strict log only drops entries that have
 * left the window, which changes no decision); phase two writes every key, only if all allow.
 *
 * Reply: { allowed (0|1), now in µs as a string, then per key: allowed, remaining, resetMs,
 * retryAfterMs }. The arithmetic mirrors core's MemoryRateLimitStore line for line.
 */
export const DECIDE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nowText = string.format('%.0f', now)
local cost = tonumber(ARGV[1])
local all = 1
local commits = {}
local out = { 0, nowText }
for i, key in ipairs(KEYS) do
  local base = 1 + (i - 1) * 3
  local algo = ARGV[base + 1]
  local limit = tonumber(ARGV[base + 2])
  local periodMs = tonumber(ARGV[base + 3])
  local period = periodMs * 1000
  local ok, remaining, reset, retry
  if algo == 'g' then
    local interval = period / limit
    local tat = tonumber(redis.call('GET', key))
    if tat == nil or tat < now then tat = now end
    local newTat = tat + cost * interval
    local allowAt = newTat - period
    ok = allowAt <= now
    local eff = tat
    if ok then eff = newTat end
    remaining = math.floor((period - (eff - now)) / interval + 1e-9)
    reset = eff - now
    retry = 0
    if not ok then retry = allowAt - now end
    commits[i] = newTat
  else
    local windowStart = now - period
    local head = redis.call('LINDEX', key, 0)
    while head and tonumber(head) <= windowStart do
      redis.call('LPOP', key)
      head = redis.call('LINDEX', key, 0)
    end
    local len = redis.call('LLEN', key)
    ok = len + cost <= limit
    local used = len
    if ok then used = len + cost end
    remaining = limit - used
    if len > 0 then reset = period - (now - tonumber(head)) elseif ok then reset = period else reset = 0 end
    retry = 0
    if not ok then
      local needed = len + cost - limit
      if needed > len then retry = period
      else retry = tonumber(redis.call('LINDEX', key, needed - 1)) + period - now end
    end
  end
  if not ok then all = 0 end
  if remaining < 0 then remaining = 0 end
  if reset < 0 then reset = 0 end
  if retry < 0 then retry = 0 end
  local o = #out
  out[o + 1] = ok and 1 or 0
  out[o + 2] = remaining
  out[o + 3] = math.ceil(reset / 1000)
  out[o + 4] = math.ceil(retry / 1000)
end
if all == 1 then
  for i, key in ipairs(KEYS) do
    local base = 1 + (i - 1) * 3
    if ARGV[base + 1] == 'g' then
      local ttl = math.ceil((commits[i] - now) / 1000) + 1
      redis.call('SET', key, string.format('%.17g', commits[i]), 'PX', ttl)
    else
      for _ = 1, cost do redis.call('RPUSH', key, nowText) end
      redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[base + 3])) + 1)
    end
  end
end
out[1] = all
return out
`;

/**
 * Gives back what a committed decision took: used only on a Redis Cluster, when the limits of
 * one call live in several slots and a later slot denied the call (see RedisRateLimitStore).
 * ARGV: cost, the decision's `now` text, then per key (algorithm, limit, period in ms).
 */
export const REFUND_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local pushed = ARGV[2]
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 3
  if ARGV[base + 1] == 'g' then
    local tat = tonumber(redis.call('GET', key))
    if tat ~= nil then
      local period = tonumber(ARGV[base + 3]) * 1000
      local newTat = tat - cost * period / tonumber(ARGV[base + 2])
      if newTat <= now then redis.call('DEL', key)
      else redis.call('SET', key, string.format('%.17g', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1) end
    end
  else
    redis.call('LREM', key, -cost, pushed)
  end
end
return 1
`;
