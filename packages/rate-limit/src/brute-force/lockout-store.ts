import { ExpiringMap, startSweeper } from '../internal/expiring-map';
import { afterFailure, lockWait, type LockoutRule, type LockoutState } from './lockout';

/** The two counters of one attempt: the account at this address, and the address alone. */
export interface LockoutKeys {
  readonly pair: string;
  readonly address: string;
}

/** Where lockout counters live. Both keys of one call share a Redis hash tag. */
export interface LockoutStore {
  /** Milliseconds until each key's lock lifts (0 when not locked): `[pair, address]`. */
  waits(keys: LockoutKeys): Promise<readonly [number, number]>;
  /** Counts a failure against both keys atomically. */
  fail(keys: LockoutKeys, pairRule: LockoutRule, addressRule: LockoutRule): Promise<void>;
  /** Forgets the pair's failures; the address keeps its count. */
  clearPair(keys: LockoutKeys): Promise<void>;
  close(): Promise<void>;
}

/**
 * Lockout counters in process memory, bounded like the rate-limit memory store.
 */
export class MemoryLockoutStore implements LockoutStore {
  private readonly states: ExpiringMap<LockoutState & { expiresAt: number }>;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;

  /**
   * @param options - Most counters held (beyond it `fail` rejects: fail closed), the clock, and
   *   the interval of the background sweep (0 disables it).
   */
  constructor(options: { maxKeys: number; now: () => number; sweepIntervalMs: number }) {
    this.now = options.now;
    this.states = new ExpiringMap(options.maxKeys, () => this.now());
    this.timer = startSweeper(this.states, options.sweepIntervalMs, 20_000);
  }

  async waits(keys: LockoutKeys): Promise<readonly [number, number]> {
    const now = this.now();
    return [lockWait(this.read(keys.pair), now), lockWait(this.read(keys.address), now)];
  }

  async fail(keys: LockoutKeys, pairRule: LockoutRule, addressRule: LockoutRule): Promise<void> {
    const now = this.now();
    const pair = afterFailure(this.read(keys.pair), pairRule, now);
    const address = afterFailure(this.read(keys.address), addressRule, now);
    this.states.reserve([keys.pair, keys.address]);
    this.states.set(keys.pair, { ...pair.next, expiresAt: pair.expiresAt });
    this.states.set(keys.address, { ...address.next, expiresAt: address.expiresAt });
  }

  async clearPair(keys: LockoutKeys): Promise<void> {
    this.states.delete(keys.pair);
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.states.clear();
  }

  private read(key: string): LockoutState | null {
    return this.states.get(key) ?? null;
  }
}
