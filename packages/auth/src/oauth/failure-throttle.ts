/** Who a credential attempt is counted against. */
export interface FailureKeys {
  /** The account tried, such as an OAuth client id (whether or not it exists). */
  readonly account: string;
  /** The resolved client address. */
  readonly address: string;
}

/** Whether an attempt may proceed. */
export interface ThrottleDecision {
  readonly allowed: boolean;
  /** Seconds until an attempt may be made again; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/**
 * Slows down credential guessing at an endpoint that checks secrets.
 *
 * Contract: `check` runs before the secret is verified and refuses while the pair (account,
 * address) or the address alone is locked; `recordFailure` counts a failed attempt against
 * both; `recordSuccess` clears the pair's count only, so one valid credential does not reset an
 * address that is guessing others. Locking a pair (not the account everywhere) keeps an attacker
 * from locking a legitimate client out from its own address. Implementations may share state
 * between instances (Redis) and must fail closed: a store failure rejects `check`.
 *
 * `createBruteForceGuard()` of `@bulwark/rate-limit` (memory or Redis) has this shape.
 */
export interface FailureThrottle {
  check(keys: FailureKeys): Promise<ThrottleDecision>;
  recordFailure(keys: FailureKeys): Promise<void>;
  recordSuccess(keys: FailureKeys): Promise<void>;
}
