/**
 * `StateStore.increment` as one atomic round trip: read, bound-check against `max`, write. INCRBY
 * alone cannot refuse to cross a maximum, and a GET then SET from the client would race; this
 * is what budgets ("never past the cap") and conversation counters stand on.
 *
 * KEYS[1] the key;  ARGV: delta, max ('' for none), ttl in ms ('' keeps the current expiry)
 * Reply: { applied (0|1), value as text }. Numbers travel as text because a Lua number in a
 * reply is truncated to an integer; the shortest of '%.15g'..'%.17g' that
 * reads back as the same double is used, so values print as JavaScript prints them.
 */
export const INCREMENT_LUA = `
local function fmt(x)
  for _, f in ipairs({ '%.15g', '%.16g' }) do
    local s = string.format(f, x)
    if tonumber(s) == x then return s end
  end
  return string.format('%.17g', x)
end
local raw = redis.call('GET', KEYS[1])
local current = 0
if raw then
  current = tonumber(raw)
  if current == nil then return redis.error_reply('increment: the value at the key is not a number') end
end
local nextValue = current + tonumber(ARGV[1])
if ARGV[2] ~= '' and nextValue > tonumber(ARGV[2]) then
  return { 0, fmt(current) }
end
local text = fmt(nextValue)
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[1], text, 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], text, 'KEEPTTL')
end
return { 1, text }
`;
