import type { AuditEvent, AuditSink } from '@bulwark/audit';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, type AuditEventRow } from './audit-event.entity';

/**
 * Rows per INSERT statement; keeps each statement under the bound-parameter limits of SQLite and
 * PostgreSQL (16 columns × 200 rows = 3200 parameters).
 */
const ROWS_PER_STATEMENT = 200;

/**
 * An {@link AuditSink} that stores events through TypeORM, one transaction per batch, on SQLite
 * (better-sqlite3) or PostgreSQL.
 *
 * The data source must list {@link AuditEventEntity} in its `entities`.
 *
 * @example
 * ```ts
 * const trail = new AuditTrail({ sink: new TypeOrmAuditSink(dataSource) });
 * ```
 */
export class TypeOrmAuditSink implements AuditSink {
  readonly #dataSource: DataSource;

  /**
   * @param dataSource - An initialized data source whose entities include the audit entity.
   */
  constructor(dataSource: DataSource) {
    this.#dataSource = dataSource;
  }

  /**
   * Inserts the batch in one transaction.
   *
   * @param events - Events, oldest first.
   * @returns Resolves once the transaction commits.
   * @throws The driver's error (as a rejection) when the transaction fails; nothing is stored.
   */
  async write(events: readonly AuditEvent[]): Promise<void> {
    const rows = events.map(toRow);
    await this.#dataSource.transaction(async (manager) => {
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        await manager.insert(AuditEventEntity, rows.slice(start, start + ROWS_PER_STATEMENT));
      }
    });
  }
}

/**
 * Maps an event to its row.
 *
 * @param event - A stored event.
 * @returns The row, with details as JSON text.
 */
export function toRow(event: AuditEvent): AuditEventRow {
  return {
    id: event.id,
    time: event.time,
    actorId: event.actor.id,
    actorKind: event.actor.kind,
    action: event.action,
    subjectType: event.subject.type,
    subjectId: event.subject.id,
    route: event.route,
    outcome: event.outcome,
    status: event.status,
    reason: event.reason,
    requestId: event.requestId,
    clientAddress: event.clientAddress,
    userAgent: event.userAgent,
    durationMs: event.durationMs,
    details: event.details === null ? null : JSON.stringify(event.details),
  };
}

/**
 * Maps a row back to its event.
 *
 * @param row - A row read from the table.
 * @returns The event as it was recorded.
 */
export function fromRow(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    time: row.time,
    actor: { id: row.actorId, kind: row.actorKind as AuditEvent['actor']['kind'] },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId },
    route: row.route,
    outcome: row.outcome as AuditEvent['outcome'],
    status: Number(row.status),
    reason: row.reason,
    requestId: row.requestId,
    clientAddress: row.clientAddress,
    userAgent: row.userAgent,
    durationMs: Number(row.durationMs),
    details: row.details === null ? null : (JSON.parse(row.details) as AuditEvent['details']),
  };
}
