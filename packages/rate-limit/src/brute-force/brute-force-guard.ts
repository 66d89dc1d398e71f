import { BulwarkError } from '@bulwark/core';
import { groupClientAddress } from '../keys/client-address';
import { identityHash } from '../keys/limit-key';
import {
  resolveGuardOptions,
  type BruteForceGuardOptions,
  type ResolvedGuardOptions,
} from './brute-force-options';
import type { LockoutRule } from './lockout';
import { MemoryLockoutStore, type LockoutKeys, type LockoutStore } from './lockout-store';
import { RedisLockoutStore } from './redis-lockout-store';

/** Who an authentication attempt is counted against. */
export interface BruteForceKeys {
  /** The account tried (user name, OAuth client id, API key id), whether or not it exists. */
  readonly account: string;
  /** The client address the runtime resolved. */
  readonly address: string;
}

/** Whether an attempt may proceed. */
export interface BruteForceDecision {
  readonly allowed: boolean;
  /** Whole seconds until an attempt may be made again; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/**
 * Locks out repeated authentication failures with growing delays. It has the shape of the
 * `FailureThrottle` the token endpoint of `@bulwark/auth` accepts, and serves a login route or
 * an API-key check the same way.
 */
export interface BruteForceGuard {
  /**
   * Refuses while the account is locked at this address, or the address is locked for all
   * accounts. Call it before verifying the credential.
   *
   * @throws BulwarkError `ERR_RATE_LIMIT_UNAVAILABLE` when the store fails (fail closed).
   */
  check(keys: BruteForceKeys): Promise<BruteForceDecision>;
  /** Counts a failed attempt against the account at this address and against the address. */
  recordFailure(keys: BruteForceKeys): Promise<void>;
  /** Clears the account's failures at this address; the address keeps its count. */
  recordSuccess(keys: BruteForceKeys): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates a brute-force guard on process memory or on Redis (shared by every process).
 *
 * Failures count against two keys: the account at one address, and the address across
 * accounts. After `pairLimit` failures the pair locks for `baseDelay`, doubling with every
 * further failure up to `maxDelay`; `addressLimit` does the same for an address trying many
 * accounts (credential stuffing). Failures are forgotten after a quiet `window`.
 *
 * Security: an account is never locked everywhere, only at the addresses that failed, so an
 * attacker cannot lock a victim out of their own account from their own address. Addresses
 * are grouped like the rate limits' (IPv6 by /64), so rotating addresses inside one subscriber
 * allocation does not buy fresh attempts. Accounts are compared after Unicode NFKC
 * normalisation and lower-casing, so `Alice` and `alice` share one count.
 *
 * Limitation: a botnet spreading guesses for one account over many addresses is slowed per
 * address only, since a per-account lock is exactly what would let an attacker lock a victim
 * out. The guard meanwhile counts and locks every address that fails. Slow password hashing,
 * a second factor or a challenge after many failures account-wide would close the gap; they
 * belong to the application.
 *
 * Hand-written rather than built on rate-limiter-flexible's `block()`: its block durations are
 * whole seconds on the caller's clock, a growing delay needs a second limiter and a second
 * round trip per failure, and the pair and address counters could not be updated in one
 * atomic step; here one script per attempt does all of it, on an injectable clock for exact
 * tests.
 *
 * @param options - Store, limits, window, delays and address grouping.
 * @returns The guard; `close()` it on shutdown.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when an option is invalid (all problems listed).
 * @example
 * ```ts
 * const guard = createBruteForceGuard({ store: 'redis', redis: { url: process.env.REDIS_URL } });
 * const keys = { account: body.username, address: clientAddress };
 * const { allowed, retryAfterSeconds } = await guard.check(keys);
 * if (!allowed) throw new BulwarkError('ERR_AUTHN_LOCKED', 'Too many failed attempts.', {
 *   headers: { 'Retry-After': String(retryAfterSeconds) },
 * });
 * if (await passwords.verify(user, body.password)) await guard.recordSuccess(keys);
 * else await guard.recordFailure(keys);
 * ```
 */
export function createBruteForceGuard(options: BruteForceGuardOptions): BruteForceGuard {
  const config = resolveGuardOptions(options);
  const store: LockoutStore =
    config.store === 'memory'
      ? new MemoryLockoutStore(config)
      : new RedisLockoutStore(config.redis!);
  const pairRule: LockoutRule = { ...config.rule, limit: config.pairLimit };
  const addressRule: LockoutRule = { ...config.rule, limit: config.addressLimit };

  return {
    async check(keys) {
      const [pairWait, addressWait] = await guarded(() => store.waits(keysOf(keys, config)));
      const wait = Math.max(pairWait, addressWait);
      return { allowed: wait === 0, retryAfterSeconds: Math.ceil(wait / 1000) };
    },
    async recordFailure(keys) {
      await guarded(() => store.fail(keysOf(keys, config), pairRule, addressRule));
    },
    async recordSuccess(keys) {
      await guarded(() => store.clearPair(keysOf(keys, config)));
    },
    async close() {
      await store.close();
    },
  };
}

/** Both keys share the address's hash tag, so one Redis script covers them on a cluster too. */
function keysOf(keys: BruteForceKeys, config: ResolvedGuardOptions): LockoutKeys {
  const address = identityHash(`ip:${groupClientAddress(String(keys.address), config)}`);
  const account = identityHash(`account:${String(keys.account).normalize('NFKC').toLowerCase()}`);
  return {
    pair: `${config.prefix}{${address}}:p:${account}`,
    address: `${config.prefix}{${address}}:a`,
  };
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new BulwarkError('ERR_RATE_LIMIT_UNAVAILABLE', 'Sign-in is unavailable; retry later.', {
      cause: error,
      reason: `brute-force store failed: ${error instanceof Error ? error.name : typeof error}`,
    });
  }
}
