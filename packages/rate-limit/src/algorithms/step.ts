import type { RateLimitAlgorithm } from '@bulwark/core';
import type { LimitCheck } from '../stores/store';
import { concurrency, type ConcurrencyState } from './concurrency';
import { fixedWindow, type AlgorithmStep, type FixedWindowState } from './fixed-window';
import { slidingWindow, type SlidingWindowState } from './sliding-window';
import { tokenBucket, type TokenBucketState } from './token-bucket';

/** The stored state of any algorithm. */
export type AlgorithmState =
  FixedWindowState | SlidingWindowState | TokenBucketState | ConcurrencyState;

type Stepper = (
  state: AlgorithmState | null,
  check: LimitCheck,
  now: number,
) => AlgorithmStep<AlgorithmState>;

const STEPPERS: Readonly<Record<RateLimitAlgorithm, Stepper>> = Object.freeze({
  'fixed-window': (s, c, now) => fixedWindow(s as FixedWindowState | null, c, now),
  'sliding-window': (s, c, now) => slidingWindow(s as SlidingWindowState | null, c, now),
  'token-bucket': (s, c, now) => tokenBucket(s as TokenBucketState | null, c, now),
  concurrency: (s, c, now) => concurrency(s as ConcurrencyState | null, c, now, c.leaseId),
});

/**
 * Runs the algorithm a check names on a stored state, for in-process stores.
 *
 * @param state - The stored state of the check's key, or `null`.
 * @param check - The limit and its key.
 * @param now - The current time in epoch ms.
 * @returns The outcome and the next state.
 */
export function stepAlgorithm(
  state: AlgorithmState | null,
  check: LimitCheck,
  now: number,
): AlgorithmStep<AlgorithmState> {
  return STEPPERS[check.algorithm](state, check, now);
}
