import { parseDuration, type Duration } from '@bulwark/core';
import {
  checkClock,
  checkInteger,
  checkKnownKeys,
  checkPrefix,
  checkRedisOptions,
  throwIfAny,
  type Problems,
} from '../config/checks';
import { BRUTE_FORCE_DEFAULTS, RATE_LIMIT_DEFAULTS } from '../config/defaults';
import type { RedisConnectionOptions } from '../stores/redis-script-runner';

/** Options of `createBruteForceGuard`. */
export interface BruteForceGuardOptions {
  /** Where counters live: this process's memory, or Redis (shared; needs `redis`). */
  readonly store: 'memory' | 'redis';
  /** The Redis client or URL, clock and timeout; required with `store: 'redis'`. */
  readonly redis?: RedisConnectionOptions;
  /** Prepended to every key. @defaultValue 'bulwark:bf:' */
  readonly prefix?: string;
  /** Failures of one account at one address before it locks there. @defaultValue 5 */
  readonly pairLimit?: number;
  /** Failures from one address, any account, before the address locks. @defaultValue 50 */
  readonly addressLimit?: number;
  /** Failures are forgotten after this long without one. @defaultValue '15m' */
  readonly window?: Duration;
  /** The first lock; every further failure doubles it. @defaultValue '1s' */
  readonly baseDelay?: Duration;
  /** The longest lock. @defaultValue '15m' */
  readonly maxDelay?: Duration;
  /** @defaultValue 32 */
  readonly ipv4Prefix?: number;
  /** @defaultValue 64 */
  readonly ipv6Prefix?: number;
  /** Most counters the memory store holds; beyond it, failures are refused. @defaultValue 1_000_000 */
  readonly maxKeys?: number;
  /** The clock of the memory store, in epoch ms. @defaultValue Date.now */
  readonly now?: () => number;
}

/** The guard options after defaults and checks. */
export interface ResolvedGuardOptions {
  readonly store: 'memory' | 'redis';
  readonly redis: RedisConnectionOptions | undefined;
  readonly prefix: string;
  readonly pairLimit: number;
  readonly addressLimit: number;
  readonly rule: { readonly windowMs: number; readonly baseMs: number; readonly maxMs: number };
  readonly ipv4Prefix: number;
  readonly ipv6Prefix: number;
  readonly maxKeys: number;
  readonly now: () => number;
  readonly sweepIntervalMs: number;
}

const KNOWN = new Set([
  'store',
  'redis',
  'prefix',
  'pairLimit',
  'addressLimit',
  'window',
  'baseDelay',
  'maxDelay',
  'ipv4Prefix',
  'ipv6Prefix',
  'maxKeys',
  'now',
]);

/**
 * Checks the guard options once, reporting every problem together, and applies defaults.
 *
 * @param options - As given.
 * @returns Frozen, complete options.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem in `details.problems`.
 */
export function resolveGuardOptions(options: BruteForceGuardOptions): ResolvedGuardOptions {
  const problems: Problems = [];
  const given = (options ?? {}) as unknown as Record<string, unknown>;
  checkKnownKeys(given, KNOWN, '', problems);
  if (given['store'] !== 'memory' && given['store'] !== 'redis') {
    problems.push('"store" must be "memory" or "redis".');
  }
  checkRedisOptions(given['store'], given['redis'], problems);
  checkPrefix(given['prefix'], problems);
  checkInteger(given['pairLimit'], 'pairLimit', 1, 1_000_000, problems);
  checkInteger(given['addressLimit'], 'addressLimit', 1, 1_000_000, problems);
  checkInteger(given['ipv4Prefix'], 'ipv4Prefix', 0, 32, problems);
  checkInteger(given['ipv6Prefix'], 'ipv6Prefix', 0, 128, problems);
  checkInteger(given['maxKeys'], 'maxKeys', 1, Number.MAX_SAFE_INTEGER, problems);
  checkClock(given['now'], problems);
  const d = BRUTE_FORCE_DEFAULTS;
  const windowMs = duration(options?.window ?? d.window, 'window', problems);
  const baseMs = duration(options?.baseDelay ?? d.baseDelay, 'baseDelay', problems);
  const maxMs = duration(options?.maxDelay ?? d.maxDelay, 'maxDelay', problems);
  if (baseMs > maxMs) problems.push('"baseDelay" must not exceed "maxDelay".');
  throwIfAny(problems, 'brute-force guard');

  return Object.freeze({
    store: options.store,
    redis: options.redis === undefined ? undefined : Object.freeze({ ...options.redis }),
    prefix: options.prefix ?? d.prefix,
    pairLimit: options.pairLimit ?? d.pairLimit,
    addressLimit: options.addressLimit ?? d.addressLimit,
    rule: Object.freeze({ windowMs, baseMs, maxMs }),
    ipv4Prefix: options.ipv4Prefix ?? RATE_LIMIT_DEFAULTS.ipv4Prefix,
    ipv6Prefix: options.ipv6Prefix ?? RATE_LIMIT_DEFAULTS.ipv6Prefix,
    maxKeys: options.maxKeys ?? RATE_LIMIT_DEFAULTS.memoryMaxKeys,
    now: options.now ?? Date.now,
    sweepIntervalMs: RATE_LIMIT_DEFAULTS.memorySweepIntervalMs,
  });
}

function duration(value: Duration, name: string, problems: Problems): number {
  try {
    return parseDuration(value);
  } catch {
    problems.push(`"${name}" is not a duration: ${String(value)}.`);
    return 0;
  }
}
