import type { Logger } from '@bulwark/core';
import type { AuditEvent, ChainHead } from './audit-event';
import type { AuditSink } from './audit-sink';
import { sealEvents, type ChainKey } from './hash-chain';

/** Settings of a {@link GroupCommit}, already checked by the trail. */
export interface GroupCommitSettings {
  readonly sink: AuditSink;
  readonly logger: Logger;
  readonly maxBatchSize: number;
  readonly flushIntervalMs: number;
  readonly retryDelayMs: number;
  readonly hmacKey: ChainKey | undefined;
}

interface Entry {
  readonly event: AuditEvent;
  waiter: { resolve(): void; reject(error: unknown): void } | null;
}

const MAX_RETRY_DELAY_MS = 5000;

/**
 * The write side of the audit trail: a FIFO of events stored in batches, one sink transaction per
 * batch, with at most one write in flight. A durable event starts a write at the end of the
 * current turn of the event loop, and events queued meanwhile or during a write join the next
 * batch, so concurrent durable callers share a commit. The short wait matters with synchronous
 * drivers such as better-sqlite3: without it each request's commit would run alone.
 *
 * Events are sealed onto the hash chain just before each write, from the head this writer last
 * stored. When a write fails the head is re-read before the next attempt, so a batch refused
 * because another writer extended the chain is renumbered and linked to the new head. A failed
 * batch stays at the head of the queue and is retried with doubling delays up to 5 s.
 *
 * Limitation: a batch the store refuses for good (not for being unreachable) is retried forever
 * and holds back later events, because the trail cannot tell such a refusal from an outage and
 * dropping evidence is worse than waiting. Event normalization makes every field storable, so
 * this takes a store-side fault; the failures are logged at error level with their cause.
 */
export class GroupCommit {
  readonly #settings: GroupCommitSettings;
  readonly #queue: Entry[] = [];
  #inFlight: Promise<unknown> | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** `undefined` while unknown: read from the sink before the next write. */
  #head: ChainHead | null | undefined = undefined;
  #failures = 0;
  #isPumpQueued = false;

  constructor(settings: GroupCommitSettings) {
    this.#settings = settings;
  }

  get length(): number {
    return this.#queue.length;
  }

  get isFailing(): boolean {
    return this.#failures > 0;
  }

  /** The last event this writer stored, or `undefined` before its first write. */
  get head(): ChainHead | null | undefined {
    return this.#head;
  }

  /**
   * Queues an event. With a waiter, a write starts at the end of this turn (or right after the
   * one in flight) and the waiter settles with its batch; without, the event joins a batch within
   * the interval.
   */
  add(event: AuditEvent, waiter: Entry['waiter']): void {
    this.#queue.push({ event, waiter });
    if (waiter !== null) this.#pumpSoon();
    else this.#schedule(this.isFailing ? null : this.#settings.flushIntervalMs);
  }

  /** Writes until the queue is empty; rejects with the sink's error when a batch fails. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0) {
      if (this.#inFlight === null) this.#pump();
      const result = await this.#inFlight;
      if (result !== true) throw result;
    }
  }

  /** Stops timers; queued events stay queued. */
  stop(): void {
    this.#clearTimer();
  }

  /**
   * Starts a write at the end of this turn of the event loop, so the durable events of every
   * request that finishes in the same turn share one commit.
   */
  #pumpSoon(): void {
    if (this.#isPumpQueued || this.#inFlight !== null) return;
    this.#isPumpQueued = true;
    setImmediate(() => {
      this.#isPumpQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#inFlight !== null || this.#queue.length === 0) return;
    this.#clearTimer();
    const batch = this.#queue.slice(0, this.#settings.maxBatchSize);
    this.#inFlight = this.#store(batch.map((entry) => entry.event)).then(
      () => this.#onStored(batch),
      (error: unknown) => this.#onFailed(batch, error),
    );
  }

  async #store(events: readonly AuditEvent[]): Promise<void> {
    const { sink, hmacKey } = this.#settings;
    const cached = this.#head;
    const head = cached === undefined ? await sink.head() : cached;
    try {
      const sealed = sealEvents(events, head, hmacKey);
      await sink.write(sealed);
      this.#head = headOf(sealed.at(-1)) ?? head;
    } catch (error) {
      this.#head = undefined;
      if (cached === undefined) throw error;
      // Another writer may have extended the chain since this one last wrote: relink once.
      const fresh = await sink.head();
      if (fresh?.sequence === cached?.sequence && fresh?.hash === cached?.hash) throw error;
      const sealed = sealEvents(events, fresh, hmacKey);
      await sink.write(sealed);
      this.#head = headOf(sealed.at(-1)) ?? fresh;
    }
  }

  #onStored(batch: readonly Entry[]): true {
    this.#queue.splice(0, batch.length);
    this.#failures = 0;
    this.#inFlight = null;
    for (const entry of batch) entry.waiter?.resolve();
    const hasDurable = this.#queue.some((entry) => entry.waiter !== null);
    if (hasDurable || this.#queue.length >= this.#settings.maxBatchSize) this.#pump();
    else this.#schedule(this.#settings.flushIntervalMs);
    return true;
  }

  #onFailed(batch: readonly Entry[], error: unknown): unknown {
    this.#failures += 1;
    this.#inFlight = null;
    for (const entry of batch) {
      entry.waiter?.reject(error);
      entry.waiter = null;
    }
    this.#settings.logger.error('Audit batch not stored; retrying.', {
      code: 'ERR_AUDIT_UNAVAILABLE',
      events: batch.length,
      attempt: this.#failures,
      error: error instanceof Error ? error.message : String(error),
    });
    this.#schedule(null);
    return error ?? new Error('Audit write failed.');
  }

  /** Arms the timer; `null` means the retry delay for the current failure count. */
  #schedule(delayMs: number | null): void {
    if (this.#timer !== null || this.#inFlight !== null || this.#queue.length === 0) return;
    const backoff = this.#settings.retryDelayMs * 2 ** Math.max(0, this.#failures - 1);
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#pump();
      },
      delayMs ?? Math.min(backoff, MAX_RETRY_DELAY_MS),
    );
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function headOf(event: { sequence: number; hash: string } | undefined): ChainHead | null {
  return event === undefined ? null : { sequence: event.sequence, hash: event.hash };
}
