import { BulwarkError, noopLogger, type Logger } from '@bulwark/core';
import type { AuditEvent, AuditEventInput, AuditRecorder } from './audit-event';
import type { AuditSink } from './audit-sink';
import { buildAuditEvent, DEFAULT_FACTORIES, type EventFactories } from './build-audit-event';
import { createRedactor, type RedactionOptions, type Redactor } from './redaction';

/** Options of {@link AuditTrail}. */
export interface AuditTrailOptions {
  /** Where events are stored. */
  readonly sink: AuditSink;
  /** Extra key names to redact from details. @defaultValue none */
  readonly redaction?: RedactionOptions;
  /** Receives write failures and drops. @defaultValue `noopLogger` */
  readonly logger?: Logger;
  /** Most events written in one transaction. @defaultValue 500 */
  readonly maxBatchSize?: number;
  /** How long non-durable events may wait for a batch, in ms. @defaultValue 50 */
  readonly flushIntervalMs?: number;
  /** Most events held in memory; beyond it new events are refused. @defaultValue 10000 */
  readonly maxQueueSize?: number;
  /** First delay before retrying a failed batch, in ms; doubles up to 5 s. @defaultValue 100 */
  readonly retryDelayMs?: number;
  /** Clock and id source, for tests. @defaultValue wall clock and random UUIDs */
  readonly factories?: EventFactories;
}

interface Entry {
  readonly event: AuditEvent;
  waiter: { resolve(): void; reject(error: unknown): void } | null;
}

const MAX_RETRY_DELAY_MS = 5000;

/**
 * The audit trail: redacts each event, queues it and stores queued events in batches, one
 * transaction per batch (group commit).
 *
 * A durable `record` resolves when the batch holding its event commits. A non-durable one
 * resolves at once and its event joins the next batch, at most `flushIntervalMs` later. A failed
 * batch stays at the head of the queue and is retried with growing delays, so events are not
 * lost while the store is down; meanwhile durable records reject with `ERR_AUDIT_UNAVAILABLE`
 * at once, and their events stay queued too.
 *
 * Security: the queue is bounded. When it is full, new events are refused (durable ones reject)
 * and counted, and the count is logged; an operator sees the gap rather than an exhausted heap.
 *
 * @example
 * ```ts
 * const trail = new AuditTrail({ sink: new TypeOrmAuditSink(dataSource) });
 * await trail.record(event, { durable: true });
 * await trail.close();
 * ```
 */
export class AuditTrail implements AuditRecorder {
  readonly #sink: AuditSink;
  readonly #redact: Redactor;
  readonly #logger: Logger;
  readonly #factories: EventFactories;
  readonly #maxBatchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxQueueSize: number;
  readonly #retryDelayMs: number;
  readonly #queue: Entry[] = [];
  #inFlight: Promise<boolean> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  #dropped = 0;
  #isClosed = false;

  /**
   * @param options - The sink and tuning options.
   * @throws BulwarkError `ERR_CONFIG_INVALID` when a size or delay is not a positive integer.
   */
  constructor(options: AuditTrailOptions) {
    checkOptions(options);
    this.#sink = options.sink;
    this.#redact = createRedactor(options.redaction);
    this.#logger = options.logger ?? noopLogger;
    this.#factories = options.factories ?? DEFAULT_FACTORIES;
    this.#maxBatchSize = options.maxBatchSize ?? 500;
    this.#flushIntervalMs = options.flushIntervalMs ?? 50;
    this.#maxQueueSize = options.maxQueueSize ?? 10_000;
    this.#retryDelayMs = options.retryDelayMs ?? 100;
  }

  /** Events waiting to be stored. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Events refused because the queue was full, since the trail was created. */
  get dropped(): number {
    return this.#dropped;
  }

  /** `false` while the store is failing or the queue is full: durable records would reject. */
  get isAvailable(): boolean {
    return !this.#isClosed && this.#failures === 0 && this.#queue.length < this.#maxQueueSize;
  }

  /**
   * Redacts and queues one event.
   *
   * @param input - The runtime's report of one call.
   * @param options - `durable: true` waits until the event is stored.
   * @returns Resolves when stored (durable) or queued (non-durable).
   * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE` (as a rejection) when a durable event could not
   *   be stored, the queue is full, or the trail is closed.
   */
  record(input: AuditEventInput, options: { readonly durable: boolean }): Promise<void> {
    if (this.#isClosed) return Promise.reject(unavailable('The audit trail is closed.'));
    if (this.#queue.length >= this.#maxQueueSize) {
      this.#dropped += 1;
      this.#logger.error('Audit queue full; event refused.', { dropped: this.#dropped });
      return options.durable ? Promise.reject(unavailable('The audit queue is full.')) : done();
    }

    const event = buildAuditEvent(input, this.#redact, this.#factories);
    if (!options.durable || this.#failures > 0) {
      this.#queue.push({ event, waiter: null });
      this.#schedule(this.#failures > 0 ? null : this.#flushIntervalMs);
      return options.durable ? Promise.reject(unavailable('The audit store is failing.')) : done();
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ event, waiter: { resolve, reject } });
      this.#pump();
    });
  }

  /**
   * Stores everything queued now.
   *
   * @returns Resolves when the queue is empty.
   * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE` (as a rejection) when a batch fails; the events
   *   stay queued and are retried.
   */
  async flush(): Promise<void> {
    while (this.#queue.length > 0) {
      if (this.#inFlight === null) this.#pump();
      const isStored = await this.#inFlight;
      if (isStored === false) throw unavailable('The audit store is failing.');
    }
  }

  /**
   * Refuses new events, flushes the queue and stops timers.
   *
   * @returns Resolves when every queued event is stored.
   * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE` (as a rejection) when the store fails; the
   *   events still queued are named by count in the log.
   */
  async close(): Promise<void> {
    this.#isClosed = true;
    try {
      await this.flush();
    } catch (error) {
      this.#logger.error('Audit events not stored at close.', { pending: this.#queue.length });
      throw error;
    } finally {
      this.#clearTimer();
    }
  }

  #pump(): void {
    if (this.#inFlight !== null || this.#queue.length === 0) return;
    this.#clearTimer();
    const batch = this.#queue.slice(0, this.#maxBatchSize);
    this.#inFlight = this.#sink.write(batch.map((entry) => entry.event)).then(
      () => this.#onStored(batch),
      (error: unknown) => this.#onFailed(batch, error),
    );
  }

  #onStored(batch: readonly Entry[]): boolean {
    this.#queue.splice(0, batch.length);
    this.#failures = 0;
    this.#inFlight = null;
    for (const entry of batch) entry.waiter?.resolve();
    const hasDurable = this.#queue.some((entry) => entry.waiter !== null);
    const isFull = this.#queue.length >= this.#maxBatchSize;
    if (hasDurable || isFull) this.#pump();
    else this.#schedule(this.#flushIntervalMs);
    return true;
  }

  #onFailed(batch: readonly Entry[], error: unknown): boolean {
    this.#failures += 1;
    this.#inFlight = null;
    const cause = unavailable('The audit store is failing.', error);
    for (const entry of batch) {
      entry.waiter?.reject(cause);
      entry.waiter = null;
    }
    this.#logger.error('Audit batch not stored; retrying.', {
      code: 'ERR_AUDIT_UNAVAILABLE',
      events: batch.length,
      attempt: this.#failures,
      error: error instanceof Error ? error.message : String(error),
    });
    this.#schedule(null);
    return false;
  }

  /** Arms the timer; `null` means the retry delay for the current failure count. */
  #schedule(delayMs: number | null): void {
    if (this.#timer !== null || this.#inFlight !== null || this.#queue.length === 0) return;
    const delay =
      delayMs ?? Math.min(this.#retryDelayMs * 2 ** (this.#failures - 1), MAX_RETRY_DELAY_MS);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#pump();
    }, delay);
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function done(): Promise<void> {
  return Promise.resolve();
}

function unavailable(message: string, cause?: unknown): BulwarkError {
  return new BulwarkError('ERR_AUDIT_UNAVAILABLE', message, { cause });
}

function checkOptions(options: AuditTrailOptions): void {
  const problems: string[] = [];
  const numbers = ['maxBatchSize', 'flushIntervalMs', 'maxQueueSize', 'retryDelayMs'] as const;
  for (const key of numbers) {
    const value = options[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      problems.push(`${key} must be a positive integer.`);
    }
  }
  if (typeof options.sink?.write !== 'function') problems.push('sink must have a write method.');
  if (problems.length > 0) {
    throw new BulwarkError('ERR_CONFIG_INVALID', 'Invalid audit trail options.', {
      details: { problems },
    });
  }
}
