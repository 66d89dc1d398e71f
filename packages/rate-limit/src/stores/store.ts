import type { RateLimitAlgorithm } from '@bulwark/core';

/** One limit to evaluate against one stored counter. */
export interface LimitCheck {
  /** The full storage key, prefix and hash tag included. */
  readonly key: string;
  readonly algorithm: RateLimitAlgorithm;
  readonly limit: number;
  /** The window; for a token bucket the time to refill `limit`; for concurrency the lease. */
  readonly windowMs: number;
  readonly cost: number;
  /** Identifies the in-flight slot a concurrency limit takes; unused by other algorithms. */
  readonly leaseId: string;
}

/** What one limit answered. */
export interface LimitOutcome {
  readonly isAllowed: boolean;
  /** Units left after this request (before it, when refused). */
  readonly remaining: number;
  /** Milliseconds until the full budget is available again. */
  readonly resetMs: number;
  /** Milliseconds until a request of this cost could pass; 0 when allowed. */
  readonly retryAfterMs: number;
}

/**
 * Where counters live.
 *
 * Contract of `consume`: the checks of one call are evaluated together and atomically; either
 * every one allows and every one is consumed, or nothing is consumed. The outcomes come back in
 * the order of the checks. A store that cannot answer rejects; it never guesses.
 */
export interface RateLimitStore {
  consume(checks: readonly LimitCheck[]): Promise<readonly LimitOutcome[]>;
  /**
   * The same contract as `consume`, answered synchronously, for stores that keep their counters
   * in this process. A store that must wait for anything leaves it out; the enforcer then calls
   * `consume`. Throws where `consume` would reject.
   */
  consumeNow?(checks: readonly LimitCheck[]): readonly LimitOutcome[];
  /** Frees the in-flight slot `leaseId` took under `key`; unknown leases are ignored. */
  release(key: string, leaseId: string): Promise<void>;
  /** Stops timers and closes connections the store owns. */
  close(): Promise<void>;
}
