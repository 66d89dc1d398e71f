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

/** A batch handed to the sink and not yet settled. */
interface Flight {
  readonly batch: readonly Entry[];
  /** `true` once stored; the error when the write failed. */
  done: Promise<unknown>;
}

/**
 * The write side of the audit trail: a FIFO of events stored in batches, one sink transaction per
 * batch. A durable event starts a write at the end of the current turn of the event loop, and
 * events queued meanwhile or during a write join the next batch, so concurrent durable callers
 * share a commit. The short wait matters with synchronous drivers such as better-sqlite3:
 * without it each request's commit would run alone.
 *
 * At most one write is in flight, or two when the sink is `isOrdered`: the second batch is then
 * sealed on top of the first before the first is committed, so the sink is never idle between
 * commits. Should the first fail, the ordered sink refuses the second (it no longer continues the
 * stored chain); once both have settled, the queue is sealed anew from the stored head.
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
  /** Batches handed to the sink, oldest first; they cover the first `#sent` queue entries. */
  readonly #flights: Flight[] = [];
  readonly #maxFlights: number;
  #sent = 0;
  #timer: NodeJS.Timeout | null = null;
  /** `undefined` while unknown: read from the sink before the next write. */
  #head: ChainHead | null | undefined = undefined;
  #failures = 0;
  /** Set when a write failed while others were in flight; cleared once they have all settled. */
  #isUnwinding = false;
  #isPumpQueued = false;

  constructor(settings: GroupCommitSettings) {
    this.#settings = settings;
    this.#maxFlights = settings.sink.isOrdered === true ? 2 : 1;
  }

  get length(): number {
    return this.#queue.length;
  }

  get isFailing(): boolean {
    return this.#failures > 0;
  }

  get head(): ChainHead | null | undefined {
    return this.#head;
  }

  add(event: AuditEvent, waiter: Entry['waiter']): void {
    this.#queue.push({ event, waiter });
    if (waiter !== null) this.#pumpSoon();
    else this.#schedule(this.isFailing ? null : this.#settings.flushIntervalMs);
  }

  async drain(): Promise<void> {
    while (this.#queue.length > 0) {
      if (this.#flights.length === 0) this.#pump();
      const flight = this.#flights[0];
      if (flight === undefined) throw new Error('The audit queue could not be handed to the sink.');
      const result = await flight.done;
      if (result !== true) throw result;
    }
  }

  stop(): void {
    this.#clearTimer();
  }

  #pumpSoon(): void {
    if (this.#isPumpQueued || this.#flights.length >= this.#maxFlights) return;
    this.#isPumpQueued = true;
    setImmediate(() => {
      this.#isPumpQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#sent >= this.#queue.length || this.#isUnwinding) return;
    if (this.#flights.length >= this.#maxFlights) return;
    // A later batch is sealed on the head the earlier one will leave, which must be known.
    if (this.#flights.length > 0 && this.#head === undefined) return;
    this.#clearTimer();
    const batch = this.#queue.slice(this.#sent, this.#sent + this.#settings.maxBatchSize);
    this.#sent += batch.length;
    const isAlone = this.#flights.length === 0;
    const flight: Flight = { batch, done: Promise.resolve(true) };
    flight.done = this.#store(
      batch.map((entry) => entry.event),
      isAlone,
    ).then(
      () => this.#onStored(flight),
      (error: unknown) => this.#onFailed(flight, error),
    );
    this.#flights.push(flight);
  }

  /**
   * Seals and writes one batch. The head moves on as soon as the batch is sealed, so the next
   * batch can be sealed on top of it while this one is written.
   */
  async #store(events: readonly AuditEvent[], isAlone: boolean): Promise<void> {
    const { sink, hmacKey } = this.#settings;
    const cached = this.#head;
    const head = cached === undefined ? await sink.head() : cached;
    const sealed = sealEvents(events, head, hmacKey);
    this.#head = headOf(sealed.at(-1)) ?? head;
    try {
      await sink.write(sealed);
    } catch (error) {
      this.#head = undefined;
      if (cached === undefined || !isAlone) throw error;
      // Another writer may have extended the chain since this one last wrote: relink once.
      const fresh = await sink.head();
      if (fresh?.sequence === cached?.sequence && fresh?.hash === cached?.hash) throw error;
      const relinked = sealEvents(events, fresh, hmacKey);
      await sink.write(relinked);
      this.#head = headOf(relinked.at(-1)) ?? fresh;
    }
  }

  #onStored(flight: Flight): true {
    this.#land(flight);
    this.#remove(flight.batch);
    this.#failures = 0;
    for (const entry of flight.batch) entry.waiter?.resolve();
    this.#continue();
    return true;
  }

  #onFailed(flight: Flight, error: unknown): unknown {
    this.#land(flight);
    this.#failures += 1;
    this.#head = undefined;
    for (const entry of flight.batch) {
      entry.waiter?.reject(error);
      entry.waiter = null;
    }
    this.#settings.logger.error('Audit batch not stored; retrying.', {
      code: 'ERR_AUDIT_UNAVAILABLE',
      events: flight.batch.length,
      attempt: this.#failures,
      error: error instanceof Error ? error.message : String(error),
    });
    // Later batches were sealed on this one and will be refused too; the queue is sent again
    // from its start once every write has settled.
    this.#isUnwinding = true;
    this.#continue();
    return error ?? new Error('Audit write failed.');
  }

  /**
   * Removes stored entries from the queue. They lead it when writes settle in order; after an
   * ambiguous failure (a timeout whose write went through after all) they may not, and are then
   * found by identity, so no other event leaves the queue with them.
   */
  #remove(batch: readonly Entry[]): void {
    if (this.#queue[0] === batch[0]) {
      this.#queue.splice(0, batch.length);
      this.#sent = Math.max(0, this.#sent - batch.length);
      return;
    }
    const stored = new Set(batch);
    const before = this.#queue.slice(0, this.#sent).filter((entry) => !stored.has(entry));
    const after = this.#queue.slice(this.#sent).filter((entry) => !stored.has(entry));
    this.#queue.splice(0, this.#queue.length, ...before, ...after);
    this.#sent = before.length;
  }

  /** Takes a settled flight off the list; flights settle in order on an ordered sink. */
  #land(flight: Flight): void {
    const index = this.#flights.indexOf(flight);
    if (index >= 0) this.#flights.splice(index, 1);
  }

  /** After a write settled: send more, wait for the rest to settle, or arm the timer. */
  #continue(): void {
    if (this.#isUnwinding) {
      if (this.#flights.length > 0) return;
      this.#isUnwinding = false;
      this.#sent = 0;
      this.#schedule(null);
      return;
    }
    const hasDurable = this.#queue.slice(this.#sent).some((entry) => entry.waiter !== null);
    if (hasDurable || this.#queue.length - this.#sent >= this.#settings.maxBatchSize) this.#pump();
    else this.#schedule(this.#settings.flushIntervalMs);
  }

  /** Arms the timer; `null` means the retry delay for the current failure count. */
  #schedule(delayMs: number | null): void {
    if (this.#timer !== null || this.#flights.length > 0) return;
    if (this.#queue.length - this.#sent === 0) return;
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
