import { isLogger, noopLogger, type Logger } from '@bulwark/core';
import type { RedisStoreOptions } from '../stores/redis-store';
import type { RateLimitStore } from '../stores/store';
import {
  checkClock,
  checkInteger,
  checkKnownKeys,
  checkPrefix,
  checkRedisOptions,
  throwIfAny,
  type Problems,
} from './checks';
import { RATE_LIMIT_DEFAULTS } from './defaults';

/** What the enforcer reports to a metrics hook. */
export type RateLimitEvent =
  | { readonly type: 'refused'; readonly routeId: string; readonly limit: string }
  | {
      readonly type: 'store-error';
      readonly routeId: string;
      readonly decision: 'deny' | 'allow';
      readonly errorName: string;
    }
  | { readonly type: 'store-recovered'; readonly downForMs: number };

/** Options of the in-process memory store. */
export interface MemoryOptions {
  /** @defaultValue 1_000_000 */
  readonly maxKeys?: number;
  /** @defaultValue 1000 */
  readonly sweepIntervalMs?: number;
  /** @defaultValue 20_000 */
  readonly sweepBatch?: number;
}

/** Options of {@link createRateLimitEnforcer}. */
export interface RateLimitEnforcerOptions {
  /**
   * Where counters live: this process's memory (one process), Redis (shared by every process
   * on it; needs `redis`), or a store you built.
   */
  readonly store: 'memory' | 'redis' | RateLimitStore;
  /** The Redis client or URL, clock and timeout; required with `store: 'redis'`. */
  readonly redis?: RedisStoreOptions;
  /** Prepended to every key. @defaultValue 'bulwark:rl:' */
  readonly prefix?: string;
  /** Leading bits of an IPv4 address that identify a client. @defaultValue 32 */
  readonly ipv4Prefix?: number;
  /** Leading bits of an IPv6 address that identify a client. @defaultValue 64 */
  readonly ipv6Prefix?: number;
  /**
   * What a request gets when the store fails: `deny` answers 503 `ERR_RATE_LIMIT_UNAVAILABLE`;
   * `allow` counts on a local in-memory limiter until the store answers again.
   *
   * Security: `allow` turns a store outage into per-process limits, so N processes admit up to
   * N times the limit while it lasts.
   *
   * @defaultValue 'deny'
   */
  readonly onStoreError?: 'deny' | 'allow';
  /** Receives one line when the store fails and one when it recovers. @defaultValue noopLogger */
  readonly logger?: Logger;
  /** Metrics hook, called for refusals, store errors and recoveries; its errors are ignored. */
  readonly onEvent?: (event: RateLimitEvent) => void;
  /** The clock, in epoch ms; tests inject one. @defaultValue Date.now */
  readonly now?: () => number;
  /** Memory store settings (also used by the fail-open local limiter). */
  readonly memory?: MemoryOptions;
}

/** The options after defaults and checks, frozen. */
export interface ResolvedEnforcerOptions {
  readonly store: 'memory' | 'redis' | RateLimitStore;
  readonly redis: RedisStoreOptions | undefined;
  readonly prefix: string;
  readonly ipv4Prefix: number;
  readonly ipv6Prefix: number;
  readonly onStoreError: 'deny' | 'allow';
  readonly logger: Logger;
  readonly hasLogger: boolean;
  readonly onEvent: (event: RateLimitEvent) => void;
  readonly now: () => number;
  readonly memory: Required<MemoryOptions>;
}

const KNOWN = new Set([
  'store',
  'redis',
  'prefix',
  'ipv4Prefix',
  'ipv6Prefix',
  'onStoreError',
  'logger',
  'onEvent',
  'now',
  'memory',
]);
const MEMORY_KNOWN = new Set(['maxKeys', 'sweepIntervalMs', 'sweepBatch']);

/**
 * Checks the enforcer options once, reporting every problem together, and applies defaults.
 *
 * @param options - As given.
 * @returns Frozen, complete options.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem in `details.problems`.
 */
export function resolveEnforcerOptions(options: RateLimitEnforcerOptions): ResolvedEnforcerOptions {
  const problems: Problems = [];
  const given = (options ?? {}) as unknown as Record<string, unknown>;
  checkKnownKeys(given, KNOWN, '', problems);
  checkStore(given['store'], problems);
  checkRedisOptions(given['store'], given['redis'], problems);
  checkInteger(given['ipv4Prefix'], 'ipv4Prefix', 0, 32, problems);
  checkInteger(given['ipv6Prefix'], 'ipv6Prefix', 0, 128, problems);
  checkPrefix(given['prefix'], problems);
  if (
    given['onStoreError'] !== undefined &&
    !['deny', 'allow'].includes(given['onStoreError'] as string)
  ) {
    problems.push('"onStoreError" must be "deny" or "allow".');
  }
  if (given['logger'] !== undefined && !isLogger(given['logger'])) {
    problems.push('"logger" must have debug, info, warn and error methods.');
  }
  if (given['onEvent'] !== undefined && typeof given['onEvent'] !== 'function') {
    problems.push('"onEvent" must be a function.');
  }
  checkClock(given['now'], problems);
  const memory = checkMemory(given['memory'], problems);
  throwIfAny(problems, 'rate-limit');

  return Object.freeze({
    store: options.store,
    redis: options.redis === undefined ? undefined : Object.freeze({ ...options.redis }),
    prefix: options.prefix ?? RATE_LIMIT_DEFAULTS.prefix,
    ipv4Prefix: options.ipv4Prefix ?? RATE_LIMIT_DEFAULTS.ipv4Prefix,
    ipv6Prefix: options.ipv6Prefix ?? RATE_LIMIT_DEFAULTS.ipv6Prefix,
    onStoreError: options.onStoreError ?? RATE_LIMIT_DEFAULTS.onStoreError,
    logger: options.logger ?? noopLogger,
    hasLogger: options.logger !== undefined,
    onEvent: shielded(options.onEvent),
    now: options.now ?? Date.now,
    memory,
  });
}

/** Keeps a failing metrics hook from failing the request it reports on. */
function shielded(
  hook: ((event: RateLimitEvent) => void) | undefined,
): (event: RateLimitEvent) => void {
  return (event) => {
    try {
      hook?.(event);
    } catch {
      // A metrics hook is advisory; the decision stands whatever it does.
    }
  };
}

function checkStore(store: unknown, problems: Problems): void {
  if (store === 'memory' || store === 'redis') return;
  const candidate = store as Partial<Record<keyof RateLimitStore, unknown>> | null;
  const isStore =
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.consume === 'function' &&
    typeof candidate.release === 'function' &&
    typeof candidate.close === 'function';
  if (!isStore)
    problems.push(
      '"store" must be "memory", "redis" or an object with consume, release and close.',
    );
}

function checkMemory(value: unknown, problems: Problems): Required<MemoryOptions> {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    problems.push('"memory" must be an object.');
  }
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  checkKnownKeys(given, MEMORY_KNOWN, 'memory.', problems);
  checkInteger(given['maxKeys'], 'memory.maxKeys', 1, Number.MAX_SAFE_INTEGER, problems);
  checkInteger(given['sweepIntervalMs'], 'memory.sweepIntervalMs', 0, 86_400_000, problems);
  checkInteger(given['sweepBatch'], 'memory.sweepBatch', 1, Number.MAX_SAFE_INTEGER, problems);
  return Object.freeze({
    maxKeys: (given['maxKeys'] as number | undefined) ?? RATE_LIMIT_DEFAULTS.memoryMaxKeys,
    sweepIntervalMs:
      (given['sweepIntervalMs'] as number | undefined) ?? RATE_LIMIT_DEFAULTS.memorySweepIntervalMs,
    sweepBatch: (given['sweepBatch'] as number | undefined) ?? RATE_LIMIT_DEFAULTS.memorySweepBatch,
  });
}
