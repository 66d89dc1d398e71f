import type { AuditEvent } from './audit-event';

/**
 * Where an {@link AuditTrail} stores events: a database table, a file, a log service.
 *
 * Contract: `write` stores the whole batch atomically (one transaction) in the given order and
 * resolves only once the batch is durable; it rejects, storing nothing, otherwise. The trail
 * calls `write` once at a time, never concurrently, and retries a rejected batch as it was.
 */
export interface AuditSink {
  /**
   * Stores a batch of events.
   *
   * @param events - Redacted events, oldest first; never empty.
   * @returns Resolves once every event is durable.
   */
  write(events: readonly AuditEvent[]): Promise<void>;
}
