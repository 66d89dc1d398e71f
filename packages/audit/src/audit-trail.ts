import { BulwarkError, noopLogger, type Logger } from '@bulwark/core';
import type { AuditEvent, AuditEventInput, AuditRecorder, ChainHead } from './audit-event';
import type { AuditSink } from './audit-sink';
import { buildAuditEvent, DEFAULT_FACTORIES, type EventFactories } from './build-audit-event';
import { FloodControl, type FloodControlOptions } from './flood-control';
import { GroupCommit } from './group-commit';
import type { ChainKey } from './hash-chain';
import { createRedactor, type Redactor } from './redaction';
import { sensitivePropertiesOf } from './sensitive.decorator';
import { checkTrailOptions } from './trail-options';

/** Options of {@link AuditTrail}. */
export interface AuditTrailOptions {
  /** Where events are stored. */
  readonly sink: AuditSink;
  /** Secret that turns chain hashes into HMAC tags; ≥ 32 bytes. @defaultValue none (SHA-256) */
  readonly hmacKey?: ChainKey;
  /** Extra key names to redact from details, matched exactly. @defaultValue none */
  readonly redactKeys?: readonly string[];
  /** Classes whose `@Sensitive()` property names are redacted by name. @defaultValue none */
  readonly sensitiveClasses?: readonly Function[];
  /** Caps refusal events stored one by one; `false` stores every one. @defaultValue on */
  readonly floodControl?: FloodControlOptions | false;
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

/**
 * The audit trail: redacts each event, links it into a hash chain and stores events in batches,
 * one transaction per batch (group commit).
 *
 * A durable `record` resolves when the batch holding its event commits. A non-durable one
 * resolves at once and its event joins the next batch, at most `flushIntervalMs` later. A failed
 * batch stays queued and is retried with growing delays, so events are not lost while the store
 * is down; meanwhile durable records reject with `ERR_AUDIT_UNAVAILABLE` at once, and their
 * events stay queued too. Non-durable refusals pass through flood control.
 *
 * Security: the queue is bounded. When it is full, new events are refused (durable ones reject);
 * the count is logged, and once there is room again an `audit.dropped` event records it, so the
 * gap is part of the evidence.
 *
 * @example
 * ```ts
 * const trail = new AuditTrail({ sink: new TypeOrmAuditSink(dataSource), hmacKey });
 * await trail.record(event, { durable: true });
 * await trail.close();
 * ```
 */
export class AuditTrail implements AuditRecorder {
  readonly #logger: Logger;
  readonly #factories: EventFactories;
  readonly #maxQueueSize: number;
  readonly #writer: GroupCommit;
  readonly #flood: FloodControl | null;
  readonly #redactKeys: Set<string>;
  #redact: Redactor;
  #dropped = 0;
  #droppedRecorded = 0;
  #isClosed = false;

  /**
   * @param options - The sink and tuning options.
   * @throws BulwarkError `ERR_CONFIG_INVALID` listing every invalid option.
   */
  constructor(options: AuditTrailOptions) {
    checkTrailOptions(options);
    this.#logger = options.logger ?? noopLogger;
    this.#factories = options.factories ?? DEFAULT_FACTORIES;
    this.#maxQueueSize = options.maxQueueSize ?? 10_000;
    this.#redactKeys = new Set(options.redactKeys ?? []);
    this.#redact = createRedactor({ keys: this.#redactKeys });
    this.registerSensitiveClasses(options.sensitiveClasses ?? []);
    this.#writer = new GroupCommit({
      sink: options.sink,
      logger: this.#logger,
      maxBatchSize: options.maxBatchSize ?? 500,
      flushIntervalMs: options.flushIntervalMs ?? 50,
      retryDelayMs: options.retryDelayMs ?? 100,
      hmacKey: options.hmacKey,
    });
    this.#flood =
      options.floodControl === false
        ? null
        : new FloodControl(options.floodControl ?? {}, this.#factories.now, (summaries) =>
            this.#enqueueAll(summaries),
          );
  }

  /** Events waiting to be stored. */
  get pending(): number {
    return this.#writer.length;
  }

  /** Events refused because the queue was full, since the trail was created. */
  get dropped(): number {
    return this.#dropped;
  }

  /** `false` while the store is failing or the queue is full: durable records would reject. */
  get isAvailable(): boolean {
    return !this.#isClosed && !this.#writer.isFailing && this.#writer.length < this.#maxQueueSize;
  }

  /** The last event this trail stored; record it elsewhere to detect a truncated chain. */
  get head(): ChainHead | null | undefined {
    return this.#writer.head;
  }

  /**
   * Adds the `@Sensitive()` property names of classes to the names redacted everywhere. The
   * runtime calls it at bootstrap with the DTO classes of every route.
   *
   * @param classes - DTO or entity classes.
   */
  registerSensitiveClasses(classes: readonly Function[]): void {
    const before = this.#redactKeys.size;
    for (const type of classes)
      for (const name of sensitivePropertiesOf(type)) this.#redactKeys.add(name);
    if (this.#redactKeys.size !== before) this.#redact = createRedactor({ keys: this.#redactKeys });
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
    const event = buildAuditEvent(input, this.#redact, this.#factories);
    if (!options.durable && event.outcome !== 'allowed' && this.#flood?.admit(event) === false) {
      return Promise.resolve();
    }
    if (!this.#hasRoom()) {
      this.#drop();
      return options.durable ? Promise.reject(unavailable('The audit queue is full.')) : done();
    }

    if (!options.durable || this.#writer.isFailing) {
      this.#writer.add(event, null);
      return options.durable ? Promise.reject(unavailable('The audit store is failing.')) : done();
    }
    return new Promise<void>((resolve, reject) => {
      const fail = (cause: unknown): void => reject(unavailable('The audit store failed.', cause));
      this.#writer.add(event, { resolve, reject: fail });
    });
  }

  /**
   * Stores everything queued now, including flood summaries of the current window.
   *
   * @returns Resolves when the queue is empty.
   * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE` (as a rejection) when a batch fails; the events
   *   stay queued and are retried.
   */
  async flush(): Promise<void> {
    this.#flood?.close();
    try {
      await this.#writer.drain();
    } catch (error) {
      throw unavailable('The audit store is failing.', error);
    }
  }

  /**
   * Refuses new events, flushes the queue and stops timers.
   *
   * @returns Resolves when every queued event is stored.
   * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE` (as a rejection) when the store fails; the count
   *   of events left unstored is logged.
   */
  async close(): Promise<void> {
    this.#isClosed = true;
    try {
      await this.flush();
    } catch (error) {
      this.#logger.error('Audit events not stored at close.', { pending: this.#writer.length });
      throw error;
    } finally {
      this.#writer.stop();
    }
  }

  /** Room for one event, after recording an earlier overflow if there was one. */
  #hasRoom(): boolean {
    const missing = this.#dropped - this.#droppedRecorded;
    const needed = missing > 0 ? 2 : 1;
    if (this.#writer.length + needed > this.#maxQueueSize) return false;
    if (missing > 0) {
      this.#droppedRecorded = this.#dropped;
      this.#writer.add(this.#build(droppedEvent(missing)), null);
    }
    return true;
  }

  #drop(): void {
    this.#dropped += 1;
    this.#logger.error('Audit queue full; event refused.', {
      code: 'ERR_AUDIT_UNAVAILABLE',
      dropped: this.#dropped,
    });
  }

  #enqueueAll(inputs: readonly AuditEventInput[]): void {
    for (const input of inputs) {
      if (this.#writer.length < this.#maxQueueSize) this.#writer.add(this.#build(input), null);
      else this.#drop();
    }
  }

  #build(input: AuditEventInput): AuditEvent {
    return buildAuditEvent(input, this.#redact, this.#factories);
  }
}

function droppedEvent(count: number): AuditEventInput {
  return {
    actor: { id: null, kind: 'anonymous' },
    action: 'audit.dropped',
    subject: { type: null, id: null },
    route: '*',
    outcome: 'error',
    status: 503,
    reason: 'ERR_AUDIT_UNAVAILABLE',
    requestId: 'audit',
    clientAddress: '*',
    userAgent: null,
    durationMs: 0,
    details: { dropped: count },
  };
}

function done(): Promise<void> {
  return Promise.resolve();
}

function unavailable(message: string, cause?: unknown): BulwarkError {
  return new BulwarkError('ERR_AUDIT_UNAVAILABLE', message, { cause });
}
