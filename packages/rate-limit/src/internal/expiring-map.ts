/** Raised when the map holds `maxKeys` live keys and a new one arrives. */
export class MemoryStoreFullError extends Error {
  override readonly name = 'MemoryStoreFullError';
}

/** What the map stores: any value that says when it may be forgotten (epoch ms). */
export interface Expiring {
  expiresAt: number;
}

/**
 * Entries inspected at the head of the map for each new key. With four steps the head goes round
 * the whole map once for every quarter of its size in new keys, whatever their rate, so that is
 * the longest an expired entry waits to be dropped; more steps shorten the wait and cost more per
 * new key.
 */
const HEAD_STEPS = 4;

/**
 * A bounded map whose entries expire. Each new key first reclaims a few entries at the head of
 * the map, so at any insertion rate the map holds about the live entries plus a small share of
 * expired ones; an expired entry is also dropped when next read, and `sweep` walks the map a
 * slice at a time from where it last stopped, so a timer can clear stale keys once traffic stops
 * without blocking the event loop on a million of them.
 *
 * At `maxKeys` live entries, a new key is refused rather than an old one evicted: evicting live
 * counters would let an attacker reset their own limit by flooding the map with fresh keys.
 */
export class ExpiringMap<V extends Expiring> {
  private readonly slots = new Map<string, V>();
  private cursor: Iterator<[string, V]> | undefined;
  private head: Iterator<[string, V]> | undefined;

  /**
   * @param maxKeys - Most entries held at once.
   * @param now - The clock, in epoch ms.
   */
  constructor(
    private readonly maxKeys: number,
    private readonly now: () => number,
  ) {}

  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.slots.size;
  }

  /**
   * Reads a live entry.
   *
   * @param key - The entry's key.
   * @returns The value, or `undefined` when absent or expired (an expired one is dropped).
   */
  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.slots.delete(key);
      return undefined;
    }
    return slot;
  }

  /**
   * Makes sure `keys` can all be stored, sweeping expired entries first when the map is full.
   *
   * @param keys - The keys about to be set.
   * @throws MemoryStoreFullError when new keys would exceed `maxKeys` even after a sweep.
   */
  reserve(keys: readonly string[]): void {
    if (this.slots.size + this.countNew(keys) <= this.maxKeys) return;
    this.sweep(Infinity);
    // Counted again: the sweep may have dropped one of `keys`, which then needs a slot of its own.
    if (this.slots.size + this.countNew(keys) > this.maxKeys) {
      throw new MemoryStoreFullError(
        `The memory store holds its maximum of ${this.maxKeys} live keys.`,
      );
    }
  }

  /**
   * Stores a value until its `expiresAt`. Call {@link ExpiringMap.reserve} first for new keys.
   * A new key first reclaims a few entries at the head of the map; that only ever drops expired
   * entries, so whatever `reserve` admitted still fits.
   *
   * @param key - The entry's key.
   * @param value - The value.
   */
  set(key: string, value: V): void {
    if (this.slots.has(key)) {
      this.slots.set(key, value);
      return;
    }

    this.reclaimHead();
    // A key built by concatenation is a tree of fragments; a new key is stored flat, which
    // saves a few dozen bytes per key across a million keys.
    this.slots.set(flat(key), value);
  }

  /** @param key - The entry to forget. */
  delete(key: string): void {
    this.slots.delete(key);
  }

  clear(): void {
    this.slots.clear();
    this.cursor = undefined;
    this.head = undefined;
  }

  /**
   * Drops expired entries, inspecting at most `budget` of them from where the last sweep stopped.
   * Entries that head reclaiming moved behind the sweep's position are met again later, which
   * costs budget but never lengthens a step; the sweep itself only deletes, so a full walk ends.
   *
   * @param budget - How many entries to inspect; `Infinity` walks the whole map.
   * @returns How many entries were dropped.
   */
  sweep(budget: number = Infinity): number {
    const now = this.now();
    if (budget === Infinity) this.cursor = undefined;
    this.cursor ??= this.slots.entries();
    let dropped = 0;
    for (let seen = 0; seen < budget; seen += 1) {
      const next = this.cursor.next();
      if (next.done === true) {
        this.cursor = undefined;
        break;
      }
      const [key, slot] = next.value;
      if (slot.expiresAt <= now) {
        this.slots.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  private countNew(keys: readonly string[]): number {
    return keys.filter((k) => !this.slots.has(k)).length;
  }

  /**
   * Inspects `HEAD_STEPS` entries at the head of the map: an expired one is deleted, a live one
   * is moved to the tail. Map order is insertion order, which for expiring counters is close to
   * expiry order, so the head is where expired entries gather. Moving a live entry keeps a
   * long-lived key that is refreshed in place from sitting at the head for good and hiding the
   * expired keys behind it, and it keeps `head` on the first entry: every entry it passes is
   * deleted or re-added behind it. Asking the map for its first entry anew instead would step
   * over every deleted slot the map has not compacted yet, a cost that grows with the churn.
   */
  private reclaimHead(): void {
    const now = this.now();
    for (let step = 0; step < HEAD_STEPS; step += 1) {
      this.head ??= this.slots.entries();
      const next = this.head.next();
      if (next.done === true) {
        this.head = undefined;
        return;
      }

      const [key, slot] = next.value;
      this.slots.delete(key);
      if (slot.expiresAt > now) this.slots.set(key, slot);
    }
  }
}

/**
 * Runs `sweep` on an interval that does not keep the process alive.
 *
 * @param map - The map to sweep.
 * @param intervalMs - The interval; 0 disables the timer.
 * @param batch - Entries inspected per step.
 * @returns The timer, or `undefined` when disabled.
 */
export function startSweeper(
  map: ExpiringMap<Expiring>,
  intervalMs: number,
  batch: number,
): NodeJS.Timeout | undefined {
  if (intervalMs <= 0) return undefined;
  const timer = setInterval(() => map.sweep(batch), intervalMs);
  timer.unref();
  return timer;
}

function flat(key: string): string {
  return Buffer.from(key, 'utf8').toString('utf8');
}
