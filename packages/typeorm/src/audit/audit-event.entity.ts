import { EntitySchema } from 'typeorm';

/** One stored audit event as a table row; strings are kept exactly as recorded. */
export interface AuditEventRow {
  /** Returned as a string by PostgreSQL (`bigint`); read it through `Number`. */
  sequence: number | string;
  id: string;
  time: string;
  actorId: string | null;
  actorKind: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  route: string;
  outcome: string;
  status: number;
  reason: string | null;
  requestId: string;
  clientAddress: string;
  userAgent: string | null;
  durationMs: number;
  /** The redacted details as JSON text, so the stored bytes are what was recorded. */
  details: string | null;
  previousHash: string;
  hash: string;
}

/** The table that holds audit events. */
export const AUDIT_EVENT_TABLE = 'bulwark_audit_event';

const text = { type: 'text' } as const;
const nullableText = { type: 'text', nullable: true } as const;

/**
 * The TypeORM entity of audit events. Add it to the data source's `entities`.
 *
 * Rows are keyed by their place in the hash chain, so a second writer that tries to store the
 * same place fails instead of forking the chain. Every string is a `text` column so a long value from a client never makes a write fail; the
 * trail bounds lengths before storage. Time is ISO 8601 text, which sorts chronologically and
 * round-trips exactly on every driver.
 *
 * @example
 * ```ts
 * new DataSource({ type: 'better-sqlite3', database: 'app.db', entities: [AuditEventEntity] });
 * ```
 */
export const AuditEventEntity = new EntitySchema<AuditEventRow>({
  name: 'BulwarkAuditEvent',
  tableName: AUDIT_EVENT_TABLE,
  columns: {
    sequence: { type: 'bigint', primary: true },
    id: { ...text, unique: true },
    time: text,
    actorId: { ...nullableText, name: 'actor_id' },
    actorKind: { ...text, name: 'actor_kind' },
    action: text,
    subjectType: { ...nullableText, name: 'subject_type' },
    subjectId: { ...nullableText, name: 'subject_id' },
    route: text,
    outcome: text,
    status: { type: 'integer' },
    reason: nullableText,
    requestId: { ...text, name: 'request_id' },
    clientAddress: { ...text, name: 'client_address' },
    userAgent: { ...nullableText, name: 'user_agent' },
    durationMs: { type: 'integer', name: 'duration_ms' },
    details: nullableText,
    previousHash: { ...text, name: 'previous_hash' },
    hash: text,
  },
  indices: [
    { name: 'bulwark_audit_event_time', columns: ['time'] },
    { name: 'bulwark_audit_event_actor', columns: ['actorId', 'time'] },
    { name: 'bulwark_audit_event_action', columns: ['action', 'time'] },
  ],
});
