import type { ChainHead, SealedAuditEvent } from './audit-event';
import type { AuditChainSource, AuditSink } from './audit-sink';

/**
 * An {@link AuditSink} that keeps events in process memory, for tests and local development.
 *
 * Limitation: events live only as long as the process and are unbounded in number, because the
 * sink exists to let tests inspect what was recorded. Production setups use a durable sink such
 * as the TypeORM sink of `@bulwark/typeorm`.
 */
export class MemoryAuditSink implements AuditSink, AuditChainSource {
  readonly #events: SealedAuditEvent[] = [];

  /** The stored events, oldest first. */
  get events(): readonly SealedAuditEvent[] {
    return [...this.#events];
  }

  /**
   * Stores the batch if it continues the stored chain.
   *
   * @param events - Sealed events to append.
   * @returns Resolves once appended.
   * @throws Error (as a rejection) when the first sequence does not follow the stored head.
   */
  async write(events: readonly SealedAuditEvent[]): Promise<void> {
    const next = (this.#events.at(-1)?.sequence ?? 0) + 1;
    if (events[0] !== undefined && events[0].sequence !== next) {
      throw new Error(`Sequence ${events[0].sequence} does not follow the stored head.`);
    }
    this.#events.push(...events);
  }

  /** @returns The last stored event's sequence and hash, or `null`. */
  async head(): Promise<ChainHead | null> {
    const last = this.#events.at(-1);
    return last === undefined ? null : { sequence: last.sequence, hash: last.hash };
  }

  /**
   * @param afterSequence - Only events after this sequence.
   * @param limit - Most events to return.
   * @returns Stored events in order.
   */
  async read(afterSequence: number, limit: number): Promise<readonly SealedAuditEvent[]> {
    return this.#events.filter((event) => event.sequence > afterSequence).slice(0, limit);
  }
}
