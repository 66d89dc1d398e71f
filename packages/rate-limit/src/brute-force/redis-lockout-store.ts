import type { RedisScriptClient } from '../stores/redis-store';
import { RedisScriptRunner } from '../stores/redis-script-runner';
import type { LockoutRule } from './lockout';
import type { LockoutKeys, LockoutStore } from './lockout-store';

/**
 * KEYS: pair, address. ARGV: now (empty for server time), operation, then for `fail` the pair
 * rule and the address rule (limit, window, base, max each). Mirrors `lockout.ts`.
 */
const LOCKOUT_SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local op = ARGV[2]
local function num(x) return string.format('%.17g', x) end
if op == 'waits' then
  local out = {}
  for i = 1, 2 do
    local until_ = tonumber(redis.call('HGET', KEYS[i], 'l')) or 0
    out[i] = math.max(0, until_ - now)
  end
  return out
end
if op == 'clear' then
  redis.call('DEL', KEYS[1])
  return {}
end
for i = 1, 2 do
  local a = 3 + (i - 1) * 4
  local limit, w, base, max = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  local s = redis.call('HMGET', KEYS[i], 'f', 't', 'l')
  local failures, last, locked = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]) or 0
  if not failures or not last or now - last >= w then failures = 0 end
  failures = failures + 1
  local over = failures - limit
  local lock = 0
  if over >= 0 then lock = now + math.min(max, base * 2 ^ math.min(over, 40)) end
  locked = math.max(lock, locked)
  redis.call('HSET', KEYS[i], 'f', num(failures), 't', num(now), 'l', num(locked))
  redis.call('PEXPIRE', KEYS[i], math.max(1, math.ceil(math.max(now + w, locked) - now)))
end
return {}
`;

/**
 * Lockout counters in Redis, shared by every process; each operation is one atomic script over
 * the pair and address keys, which share a hash tag.
 */
export class RedisLockoutStore implements LockoutStore {
  private readonly runner: RedisScriptRunner;

  /**
   * @param options - The client or URL, the clock and the timeout, as for the rate-limit store.
   */
  constructor(options: {
    client?: RedisScriptClient;
    url?: string;
    clock?: 'server' | (() => number);
    timeoutMs?: number;
  }) {
    this.runner = new RedisScriptRunner(options);
  }

  async waits(keys: LockoutKeys): Promise<readonly [number, number]> {
    const reply = (await this.runner.run(
      LOCKOUT_SCRIPT,
      [keys.pair, keys.address],
      ['waits'],
    )) as number[];
    return [Number(reply[0]), Number(reply[1])];
  }

  async fail(keys: LockoutKeys, pairRule: LockoutRule, addressRule: LockoutRule): Promise<void> {
    const rule = (r: LockoutRule) => [r.limit, r.windowMs, r.baseMs, r.maxMs];
    await this.runner.run(
      LOCKOUT_SCRIPT,
      [keys.pair, keys.address],
      ['fail', ...rule(pairRule), ...rule(addressRule)],
    );
  }

  async clearPair(keys: LockoutKeys): Promise<void> {
    await this.runner.run(LOCKOUT_SCRIPT, [keys.pair, keys.address], ['clear']);
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}
