import type { RateLimitKeyInput, RoutePolicy } from '@bulwark/core';

/** The answer of a rate-limit check for one request. */
export interface RateLimitResult {
  readonly isAllowed: boolean;
  /**
   * Headers to add to the response whether allowed or not: `RateLimit-Policy` and `RateLimit`
   * (draft-ietf-httpapi-ratelimit-headers), plus `Retry-After` when refused.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The name of the limit that refused, for the audit record. */
  readonly refusedBy?: string;
  /** Releases in-flight slots of concurrency limits; call once when the response finishes. */
  release(): void;
}

/**
 * Checks every compiled limit of a route for one request.
 *
 * Contract: resolves `isAllowed: false` when any limit is exhausted (nothing is consumed from
 * the other limits in that case is not guaranteed); throws a `BulwarkError` with code
 * `ERR_RATE_LIMIT_UNAVAILABLE` when the store fails and the policy is to fail closed.
 */
export interface RateLimitEnforcer {
  check(route: RoutePolicy, input: RateLimitKeyInput): Promise<RateLimitResult>;
  /** Stops timers and closes connections it owns. */
  close(): Promise<void>;
}
