import type { RateLimitAlgorithm } from '@bulwark/core';
import { releaseLease, type ConcurrencyState } from '../algorithms/concurrency';
import { stepAlgorithm, type AlgorithmState } from '../algorithms/step';
import { RATE_LIMIT_DEFAULTS } from '../config/defaults';
import { ExpiringMap, startSweeper } from '../internal/expiring-map';
import type { LimitCheck, LimitOutcome, RateLimitStore } from './store';

export { MemoryStoreFullError } from '../internal/expiring-map';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** The clock, in epoch ms. @defaultValue Date.now */
  readonly now?: () => number;
  /** Most keys held at once; beyond it, after a sweep, `consume` rejects. @defaultValue 1_000_000 */
  readonly maxKeys?: number;
  /** How often the background sweep runs, in ms; 0 disables it. @defaultValue 1000 */
  readonly sweepIntervalMs?: number;
  /** How many keys one background sweep step inspects. @defaultValue 20_000 */
  readonly sweepBatch?: number;
}

interface Entry {
  readonly algorithm: RateLimitAlgorithm;
  state: AlgorithmState;
  expiresAt: number;
}

/**
 * Counters in this process's memory: exact and fast for one process, not shared between
 * processes.
 *
 * Hand-written rather than rate-limiter-flexible's `RateLimiterMemory`, which arms one
 * `setTimeout` per key (a million keys means a million timers), counts windows in whole
 * seconds, reads `Date.now()` directly (no injectable clock for exact edge tests) and checks
 * one limit per call (no all-or-nothing batch for a burst and a sustained limit).
 *
 * Bounded: each new key first reclaims a few expired keys from the oldest end of the map, so
 * at any rate of new clients the store holds about one window's worth of keys; expired keys are
 * also dropped when read, and a background sweep clears them once new keys stop arriving. At
 * `maxKeys` live keys a new key is refused (the enforcer then applies `onStoreError`); evicting
 * live counters instead would let an attacker reset their own limit by flooding the store with
 * fresh keys.
 */
export class MemoryStore implements RateLimitStore {
  private readonly entries: ExpiringMap<Entry>;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;

  /** @param options - Clock, capacity and sweep settings. */
  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.entries = new ExpiringMap(options.maxKeys ?? RATE_LIMIT_DEFAULTS.memoryMaxKeys, () =>
      this.now(),
    );
    this.timer = startSweeper(
      this.entries,
      options.sweepIntervalMs ?? RATE_LIMIT_DEFAULTS.memorySweepIntervalMs,
      options.sweepBatch ?? RATE_LIMIT_DEFAULTS.memorySweepBatch,
    );
  }

  /** The number of keys held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Evaluates the checks together; consumes from every one only when every one allows.
   *
   * @param checks - Limits and keys.
   * @returns One outcome per check, in order.
   * @throws MemoryStoreFullError when a new key would exceed `maxKeys`.
   */
  async consume(checks: readonly LimitCheck[]): Promise<readonly LimitOutcome[]> {
    return this.consumeNow(checks);
  }

  /**
   * The synchronous body of {@link MemoryStore.consume}, for callers that cannot wait.
   *
   * @param checks - Limits and keys.
   * @returns One outcome per check, in order.
   * @throws MemoryStoreFullError when a new key would exceed `maxKeys`.
   */
  consumeNow(checks: readonly LimitCheck[]): readonly LimitOutcome[] {
    const now = this.now();
    const steps = checks.map((check) => stepAlgorithm(this.stateOf(check), check, now));
    if (steps.every((s) => s.outcome.isAllowed)) {
      this.entries.reserve(checks.map((c) => c.key));
      checks.forEach((check, i) => {
        const step = steps[i]!;
        const entry = { algorithm: check.algorithm, state: step.next, expiresAt: step.expiresAt };
        this.entries.set(check.key, entry);
      });
    }
    return steps.map((s) => s.outcome);
  }

  async release(key: string, leaseId: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry?.algorithm !== 'concurrency') return;
    entry.state = releaseLease(entry.state as ConcurrencyState, leaseId);
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.entries.clear();
  }

  /**
   * Drops expired keys, inspecting at most `budget` of them from where the last sweep stopped.
   *
   * @param budget - How many keys to inspect; `Infinity` walks the whole map.
   * @returns How many keys were dropped.
   */
  sweep(budget: number = Infinity): number {
    return this.entries.sweep(budget);
  }

  /** The stored state of a check's key; a key holding another algorithm's state reads as new. */
  private stateOf(check: LimitCheck): AlgorithmState | null {
    const entry = this.entries.get(check.key);
    return entry?.algorithm === check.algorithm ? entry.state : null;
  }
}
