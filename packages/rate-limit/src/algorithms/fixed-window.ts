import type { LimitOutcome } from '../stores/store';

/** A fixed window's counter: units used, and when the window ends (epoch ms). */
export interface FixedWindowState {
  readonly used: number;
  readonly resetAt: number;
}

/** The limit's numbers as an algorithm needs them. */
export interface LimitParameters {
  readonly limit: number;
  readonly windowMs: number;
  readonly cost: number;
}

/** An outcome plus the state to store when the whole batch is allowed. */
export interface AlgorithmStep<S> {
  readonly outcome: LimitOutcome;
  readonly next: S;
  /** When the stored state may be forgotten (epoch ms). */
  readonly expiresAt: number;
}

/**
 * Fixed window: a window starts with the first request of a key and lasts `windowMs`; at most
 * `limit` units pass in it. A request whose cost exceeds what is left is refused whole.
 *
 * @param state - The stored counter, or `null` when the key is new or expired.
 * @param p - Limit, window and cost.
 * @param now - The current time in epoch ms.
 * @returns The outcome and the counter to store if the batch is allowed.
 */
export function fixedWindow(
  state: FixedWindowState | null,
  p: LimitParameters,
  now: number,
): AlgorithmStep<FixedWindowState> {
  const current =
    state !== null && state.resetAt > now ? state : { used: 0, resetAt: now + p.windowMs };
  const resetMs = current.resetAt - now;

  if (current.used + p.cost > p.limit) {
    const remaining = p.limit - current.used;
    return {
      outcome: { isAllowed: false, remaining, resetMs, retryAfterMs: resetMs },
      next: current,
      expiresAt: current.resetAt,
    };
  }
  const used = current.used + p.cost;
  return {
    outcome: { isAllowed: true, remaining: p.limit - used, resetMs, retryAfterMs: 0 },
    next: { used, resetAt: current.resetAt },
    expiresAt: current.resetAt,
  };
}
