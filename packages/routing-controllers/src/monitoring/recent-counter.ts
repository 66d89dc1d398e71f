/**
 * Counts events per key within a sliding window, holding at most `threshold` timestamps per key
 * and at most `maxKeys` keys (the least recently touched key is forgotten first).
 */
export class RecentCounter {
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #times = new Map<string, number[]>();

  constructor(threshold: number, windowMs: number, maxKeys: number) {
    this.#threshold = threshold;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  /** Number of keys held. */
  get size(): number {
    return this.#times.size;
  }

  /**
   * Adds an event and tells whether the key reached the threshold within the window; when it
   * did, the key starts counting afresh.
   *
   * @param key - Whose event it is.
   * @param time - Epoch ms of the event.
   * @returns `true` when this event is the threshold-th within the window.
   */
  hit(key: string, time: number): boolean {
    const times = this.#times.get(key) ?? [];
    this.#times.delete(key);
    times.push(time);
    while (times.length > 0 && (times[0] as number) <= time - this.#windowMs) times.shift();
    if (times.length > this.#threshold) times.shift();

    if (times.length >= this.#threshold) return true;
    this.#times.set(key, times);
    if (this.#times.size > this.#maxKeys)
      this.#times.delete(this.#times.keys().next().value as string);
    return false;
  }
}
