import type { ChainHead, SealedAuditEvent } from './audit-event';

/**
 * Reads a stored chain in order; what the chain verifier needs.
 */
export interface AuditChainSource {
  /**
   * Reads stored events.
   *
   * @param afterSequence - Only events with a larger sequence; 0 for the start.
   * @param limit - Most events to return.
   * @returns Events in ascending sequence order.
   */
  read(afterSequence: number, limit: number): Promise<readonly SealedAuditEvent[]>;
}

/**
 * Where an {@link AuditTrail} stores events: a database table, a file, a log service.
 *
 * Contract: `write` stores the whole batch atomically (one transaction) and resolves only once
 * it is durable; otherwise it rejects and stores nothing. It also rejects, storing nothing, when
 * a sequence number of the batch is already stored, so two writers can never fork the chain.
 * The trail calls `write` once at a time and retries a rejected batch, unless the sink is
 * `isOrdered`.
 */
export interface AuditSink {
  /**
   * Declares that writes are applied strictly in call order and that a batch whose first event
   * does not continue the stored chain (sequence and previous hash) is refused, storing nothing.
   * The trail then hands such a sink the next batch while the previous one is still being
   * committed: if the earlier batch fails, the later one, sealed on top of it, is refused too,
   * and both are sealed anew and retried in order. Without the flag the trail waits for each
   * write before the next.
   * @defaultValue false
   */
  readonly isOrdered?: boolean;

  /**
   * Stores a batch of sealed events.
   *
   * @param events - Redacted, sealed events in sequence order; never empty.
   * @returns Resolves once every event is durable.
   */
  write(events: readonly SealedAuditEvent[]): Promise<void>;

  /**
   * Reads the last stored event's place in the chain.
   *
   * @returns The head, or `null` when nothing is stored yet.
   */
  head(): Promise<ChainHead | null>;
}
