/** Failures counted against one key, and until when it is locked (epoch ms). */
export interface LockoutState {
  readonly failures: number;
  readonly lastFailureAt: number;
  readonly lockedUntil: number;
}

/** When a key locks and for how long. */
export interface LockoutRule {
  /** Failures that trigger the first lock. */
  readonly limit: number;
  /** Failures are forgotten once this long has passed without one. */
  readonly windowMs: number;
  /** The first lock; each further failure doubles it. */
  readonly baseMs: number;
  /** The longest lock. */
  readonly maxMs: number;
}

/**
 * Counts one failure: once `limit` failures have piled up without a quiet `windowMs` between
 * them, the key locks for `baseMs`, and every further failure doubles the lock up to `maxMs`.
 *
 * @param state - The stored state, or `null` for a key without failures.
 * @param rule - Limit, window and delays.
 * @param now - The current time in epoch ms.
 * @returns The state to store and when it may be forgotten.
 */
export function afterFailure(
  state: LockoutState | null,
  rule: LockoutRule,
  now: number,
): { readonly next: LockoutState; readonly expiresAt: number } {
  const isFresh = state === null || now - state.lastFailureAt >= rule.windowMs;
  const failures = (isFresh ? 0 : state.failures) + 1;
  const over = failures - rule.limit;
  const lock = over >= 0 ? now + Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(over, 40)) : 0;
  const lockedUntil = Math.max(lock, state?.lockedUntil ?? 0);
  return {
    next: { failures, lastFailureAt: now, lockedUntil },
    expiresAt: Math.max(now + rule.windowMs, lockedUntil),
  };
}

/**
 * How long a key stays locked.
 *
 * @param state - The stored state, or `null`.
 * @param now - The current time in epoch ms.
 * @returns Milliseconds until the lock lifts; 0 when not locked.
 */
export function lockWait(state: LockoutState | null, now: number): number {
  return state === null ? 0 : Math.max(0, state.lockedUntil - now);
}
