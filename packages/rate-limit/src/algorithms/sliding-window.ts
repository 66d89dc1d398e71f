import type { AlgorithmStep, LimitParameters } from './fixed-window';

/** Absorbs floating-point dust, so a wait of 50.00000000000006 ms reads as 50. */
const EPSILON = 1e-6;

/** Counts of the current and the previous aligned window. */
export interface SlidingWindowState {
  /** Start of the current window, a multiple of `windowMs` since the epoch. */
  readonly windowStart: number;
  readonly previous: number;
  readonly current: number;
}

/**
 * Sliding window counter: windows are aligned to the epoch, and the rolling count is the
 * current window's units plus the previous window's units weighted by how much of it still
 * overlaps the last `windowMs`. Two numbers per key, whatever the limit.
 *
 * Limitation: the weighting assumes the previous window's requests were spread evenly. A
 * client that sent its whole previous budget at the very end of that window can get up to
 * about twice `limit` through within one rolling window, the same bound as a fixed window but
 * far rarer. An exact log of timestamps would remove it at the cost of memory proportional to
 * `limit` per key, which a million-key store cannot afford.
 *
 * @param state - The stored counts, or `null` when the key is new or expired.
 * @param p - Limit, window and cost.
 * @param now - The current time in epoch ms.
 * @returns The outcome and the counts to store if the batch is allowed.
 */
export function slidingWindow(
  state: SlidingWindowState | null,
  p: LimitParameters,
  now: number,
): AlgorithmStep<SlidingWindowState> {
  const w = p.windowMs;
  const start = now - (now % w);
  let previous = 0;
  let current = 0;
  if (state !== null && state.windowStart === start) {
    previous = state.previous;
    current = state.current;
  } else if (state !== null && state.windowStart === start - w) {
    previous = state.current;
  }
  const elapsed = now - start;
  const estimate = (previous * (w - elapsed)) / w + current;
  const expiresAt = start + 2 * w;

  if (estimate + p.cost > p.limit) {
    const remaining = Math.max(0, Math.floor(p.limit - estimate));
    const retryAfterMs = waitForRoom({ previous, current, elapsed }, p);
    const outcome = {
      isAllowed: false,
      remaining,
      resetMs: resetIn(previous, current, elapsed, w),
      retryAfterMs,
    };
    return { outcome, next: { windowStart: start, previous, current }, expiresAt };
  }
  current += p.cost;
  const remaining = Math.max(0, Math.floor(p.limit - estimate - p.cost));
  const outcome = {
    isAllowed: true,
    remaining,
    resetMs: resetIn(previous, current, elapsed, w),
    retryAfterMs: 0,
  };
  return { outcome, next: { windowStart: start, previous, current }, expiresAt };
}

/** Milliseconds until both windows have slid out of the rolling window. */
function resetIn(previous: number, current: number, elapsed: number, w: number): number {
  if (current > 0) return 2 * w - elapsed;
  return previous > 0 ? w - elapsed : 0;
}

/** Milliseconds until `cost` more units fit, solving the weighted count for the time. */
function waitForRoom(
  c: { previous: number; current: number; elapsed: number },
  p: LimitParameters,
): number {
  const w = p.windowMs;
  const roomNow = p.limit - c.current - p.cost;
  if (roomNow >= 0 && c.previous > 0) {
    const until = w * (1 - roomNow / c.previous);
    return Math.max(1, Math.ceil(until - c.elapsed - EPSILON));
  }
  const roomNext = p.limit - p.cost;
  const intoNext = c.current > 0 ? Math.max(0, w * (1 - roomNext / c.current)) : 0;
  return Math.max(1, Math.ceil(w - c.elapsed + intoNext - EPSILON));
}
