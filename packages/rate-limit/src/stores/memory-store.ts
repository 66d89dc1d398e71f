import type { RateLimitAlgorithm } from '@bulwark/core';
import { releaseLease, type ConcurrencyState } from '../algorithms/concurrency';
import { stepAlgorithm, type AlgorithmState } from '../algorithms/step';
import type { LimitCheck, LimitOutcome, RateLimitStore } from './store';

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
  algorithm: RateLimitAlgorithm;
  state: AlgorithmState;
  expiresAt: number;
}

/** Raised when the store holds `maxKeys` live keys and a new one arrives. */
export class MemoryStoreFullError extends Error {
  override readonly name = 'MemoryStoreFullError';
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
 * Bounded: an expired key is dropped when next read, and a background sweep walks the map a
 * slice at a time, so stale keys do not accumulate. At `maxKeys` live keys a new key is refused
 * (the enforcer then applies `onStoreError`); evicting live counters instead would let an
 * attacker reset their own limit by flooding the map with fresh keys.
 */
export class MemoryStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly maxKeys: number;
  private readonly sweepBatch: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private cursor: Iterator<[string, Entry]> | undefined;

  /** @param options - Clock, capacity and sweep settings. */
  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 1_000_000;
    this.sweepBatch = options.sweepBatch ?? 20_000;
    const interval = options.sweepIntervalMs ?? 1000;
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(this.sweepBatch), interval);
      this.timer.unref();
    }
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
    const steps = checks.map((check) => stepAlgorithm(this.live(check, now), check, now));
    if (steps.every((s) => s.outcome.isAllowed)) {
      this.ensureRoom(checks, now);
      checks.forEach((check, i) => {
        const step = steps[i]!;
        this.entries.set(check.key, {
          algorithm: check.algorithm,
          state: step.next,
          expiresAt: step.expiresAt,
        });
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
    const now = this.now();
    if (budget === Infinity) this.cursor = undefined;
    this.cursor ??= this.entries.entries();
    let dropped = 0;
    for (let seen = 0; seen < budget; seen += 1) {
      const next = this.cursor.next();
      if (next.done === true) {
        this.cursor = undefined;
        break;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  private live(check: LimitCheck, now: number): AlgorithmState | null {
    const entry = this.entries.get(check.key);
    if (entry === undefined) return null;
    if (entry.expiresAt <= now || entry.algorithm !== check.algorithm) {
      this.entries.delete(check.key);
      return null;
    }
    return entry.state;
  }

  private ensureRoom(checks: readonly LimitCheck[], now: number): void {
    const added = checks.filter((c) => !this.entries.has(c.key)).length;
    if (this.entries.size + added <= this.maxKeys) return;
    this.sweep(Infinity);
    if (this.entries.size + added > this.maxKeys) {
      throw new MemoryStoreFullError(`The memory store holds ${this.maxKeys} live keys at ${now}.`);
    }
  }
}
