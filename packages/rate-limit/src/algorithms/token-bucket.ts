import type { AlgorithmStep, LimitParameters } from './fixed-window';

/** GCRA's only state: the theoretical arrival time (epoch ms) of the next request. */
export interface TokenBucketState {
  readonly tat: number;
}

/** Absorbs floating-point dust so 2.9999999 whole tokens count as 3. */
const EPSILON = 1e-6;

/**
 * Token bucket as the generic cell rate algorithm (GCRA): a bucket of `limit` tokens refills
 * one token every `windowMs / limit` ms. One number per key, no timer, and the refill is exact
 * at any moment rather than in steps.
 *
 * @param state - The stored arrival time, or `null` when the key is new or full.
 * @param p - Limit (bucket size), window (time to refill it) and cost in tokens.
 * @param now - The current time in epoch ms.
 * @returns The outcome and the arrival time to store if the batch is allowed.
 */
export function tokenBucket(
  state: TokenBucketState | null,
  p: LimitParameters,
  now: number,
): AlgorithmStep<TokenBucketState> {
  const interval = p.windowMs / p.limit;
  const tat = Math.max(state?.tat ?? now, now);
  const nextTat = tat + p.cost * interval;
  const allowAt = nextTat - p.windowMs;

  if (allowAt > now + EPSILON) {
    const remaining = tokensLeft(p.windowMs - (tat - now), interval);
    const outcome = {
      isAllowed: false,
      remaining,
      resetMs: Math.ceil(tat - now),
      retryAfterMs: Math.max(1, Math.ceil(allowAt - now)),
    };
    return { outcome, next: { tat }, expiresAt: Math.ceil(tat) };
  }
  const remaining = tokensLeft(p.windowMs - (nextTat - now), interval);
  const outcome = {
    isAllowed: true,
    remaining,
    resetMs: Math.ceil(nextTat - now),
    retryAfterMs: 0,
  };
  return { outcome, next: { tat: nextTat }, expiresAt: Math.ceil(nextTat) };
}

function tokensLeft(spareMs: number, interval: number): number {
  return Math.max(0, Math.floor(spareMs / interval + EPSILON));
}
