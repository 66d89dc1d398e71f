import type { AuditEvent } from './audit-event';
import type { AuditSink } from './audit-sink';

/**
 * An {@link AuditSink} that keeps events in process memory, for tests and local development.
 *
 * Limitation: events live only as long as the process and are unbounded in number, because the
 * sink exists to let tests inspect what was recorded. Production setups use a durable sink such
 * as the TypeORM sink of `@bulwark/typeorm`.
 */
export class MemoryAuditSink implements AuditSink {
  readonly #events: AuditEvent[] = [];

  /** The stored events, oldest first. */
  get events(): readonly AuditEvent[] {
    return [...this.#events];
  }

  /**
   * Stores the batch.
   *
   * @param events - Events to append.
   * @returns Resolves at once.
   */
  async write(events: readonly AuditEvent[]): Promise<void> {
    this.#events.push(...events);
  }
}
