import type { RateLimitKeyInput, RoutePolicy } from '@bulwark/core';

/** The answer of a rate-limit check for one request. */
export interface RateLimitResult {
  readonly isAllowed: boolean;
  /**
   * Headers to add to the response whether allowed or not: `RateLimit-Policy` and `RateLimit`
   * (draft-ietf-httpapi-ratelimit-headers), plus `Retry-After` when refused. Empty when the
   * phase had no limit to check. Both fields are structured-field lists: when a request passes
   * both phases, join the two results with {@link mergeRateLimitHeaders}.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The name of the limit that refused, for the audit record. */
  readonly refusedBy?: string;
  /**
   * Whether the request holds concurrency slots that `release` frees; when `false`, `release`
   * does nothing and need not be wired to the end of the response. Absent means it may.
   */
  readonly hasLeases?: boolean;
  /** Releases in-flight slots of concurrency limits; call once when the response finishes. */
  release(): void;
}

/**
 * Which limits of a route one call checks.
 *
 * - `pre-auth`: only the limits keyed by `ip`, before authentication, so credential stuffing is
 *   throttled before any credential is verified.
 * - `post-auth`: every other limit (principal, API key, client, tenant, custom function).
 * - `all` (the default): every limit in one call, for callers without an authentication step.
 */
export type RateLimitPhase = 'pre-auth' | 'post-auth' | 'all';

/** Options of one {@link RateLimitEnforcer.check} call. */
export interface RateLimitCheckOptions {
  /** @defaultValue 'all' */
  readonly phase?: RateLimitPhase;
}

/**
 * Checks every compiled limit of a route for one request.
 *
 * Contract: resolves `isAllowed: false` when any limit of the phase is exhausted; in that case
 * nothing is consumed from the other limits that share the refused limit's key (they are
 * checked and committed together). Throws a `BulwarkError` with code
 * `ERR_RATE_LIMIT_UNAVAILABLE` when the store fails and the policy is to fail closed.
 *
 * The runtime calls it twice per request: `{ phase: 'pre-auth' }` before authentication and
 * `{ phase: 'post-auth' }` after it.
 */
export interface RateLimitEnforcer {
  /**
   * Where the counters live, for configuration reviews: `memory` counts per process (wrong for
   * several instances), `redis` is shared, `custom` is a store Bulwark cannot classify.
   */
  readonly storeKind?: 'memory' | 'redis' | 'custom';
  check(
    route: RoutePolicy,
    input: RateLimitKeyInput,
    options?: RateLimitCheckOptions,
  ): Promise<RateLimitResult>;
  /**
   * {@link RateLimitEnforcer.check} answered synchronously, when the store keeps its counters in
   * this process; `undefined` when the store must be waited for, and the caller then uses
   * `check`. Counts and refuses exactly as `check` does; throws where `check` would reject.
   */
  checkNow?(
    route: RoutePolicy,
    input: RateLimitKeyInput,
    options?: RateLimitCheckOptions,
  ): RateLimitResult | undefined;
  /** Stops timers and closes connections it owns. */
  close(): Promise<void>;
}
