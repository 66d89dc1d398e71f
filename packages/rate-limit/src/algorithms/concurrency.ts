import type { AlgorithmStep, LimitParameters } from './fixed-window';

/** In-flight slots of one key: lease id and when the lease lapses (epoch ms). */
export interface ConcurrencyState {
  readonly leases: ReadonlyArray<readonly [id: string, expiresAt: number, slots: number]>;
}

/** How long a refused client should wait: a slot usually frees within one request's time. */
export const CONCURRENCY_RETRY_MS = 1000;

/**
 * Concurrency limit: at most `limit` slots in flight per key; a request takes `cost` slots until
 * it is released. A lease lapses after `windowMs` so a crashed process cannot hold slots forever.
 *
 * @param state - The live leases, or `null` when the key has none.
 * @param p - Limit (slots), window (lease length) and cost (slots per request).
 * @param now - The current time in epoch ms.
 * @param leaseId - The identifier of the slot this request would take.
 * @returns The outcome and the leases to store if the batch is allowed.
 */
export function concurrency(
  state: ConcurrencyState | null,
  p: LimitParameters,
  now: number,
  leaseId: string,
): AlgorithmStep<ConcurrencyState> {
  const live = (state?.leases ?? []).filter(([, expiresAt]) => expiresAt > now);
  const used = live.reduce((sum, [, , slots]) => sum + slots, 0);
  const lastExpiry = live.reduce((max, [, expiresAt]) => Math.max(max, expiresAt), now);

  if (used + p.cost > p.limit) {
    const outcome = {
      isAllowed: false,
      remaining: p.limit - used,
      resetMs: lastExpiry - now,
      retryAfterMs: CONCURRENCY_RETRY_MS,
    };
    return { outcome, next: { leases: live }, expiresAt: lastExpiry };
  }
  const expiresAt = now + p.windowMs;
  const leases = [...live, [leaseId, expiresAt, p.cost] as const];
  const outcome = {
    isAllowed: true,
    remaining: p.limit - used - p.cost,
    resetMs: p.windowMs,
    retryAfterMs: 0,
  };
  return { outcome, next: { leases }, expiresAt };
}

/**
 * Removes one lease.
 *
 * @param state - The stored leases.
 * @param leaseId - The lease to drop.
 * @returns The leases without it.
 */
export function releaseLease(state: ConcurrencyState, leaseId: string): ConcurrencyState {
  return { leases: state.leases.filter(([id]) => id !== leaseId) };
}
