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

/** One column of the audit table. */
export interface AuditEventColumn {
  readonly property: keyof AuditEventRow;
  /** The column's name in the database. */
  readonly name: string;
  readonly type: 'bigint' | 'integer' | 'text';
  readonly isNullable: boolean;
}

/** A named index of the audit table, over properties of the row. */
export interface AuditEventIndex {
  readonly name: string;
  readonly properties: readonly (keyof AuditEventRow)[];
}

/** The table that holds audit events. */
export const AUDIT_EVENT_TABLE = 'bulwark_audit_event';

function column(
  property: keyof AuditEventRow,
  name: string,
  type: AuditEventColumn['type'],
  isNullable = false,
): AuditEventColumn {
  return Object.freeze({ property, name, type, isNullable });
}

/**
 * The columns of the audit table, in table order; `sequence` is the primary key. The TypeORM
 * entity and the SQLite sink's statements are both built from this list, so the two cannot
 * describe different tables.
 *
 * Every string is a `text` column so a long value from a client never makes a write fail; the
 * trail bounds lengths before storage. Time is ISO 8601 text, which sorts chronologically and
 * round-trips exactly on every driver.
 */
export const AUDIT_EVENT_COLUMNS: readonly AuditEventColumn[] = Object.freeze([
  column('sequence', 'sequence', 'bigint'),
  column('id', 'id', 'text'),
  column('time', 'time', 'text'),
  column('actorId', 'actor_id', 'text', true),
  column('actorKind', 'actor_kind', 'text'),
  column('action', 'action', 'text'),
  column('subjectType', 'subject_type', 'text', true),
  column('subjectId', 'subject_id', 'text', true),
  column('route', 'route', 'text'),
  column('outcome', 'outcome', 'text'),
  column('status', 'status', 'integer'),
  column('reason', 'reason', 'text', true),
  column('requestId', 'request_id', 'text'),
  column('clientAddress', 'client_address', 'text'),
  column('userAgent', 'user_agent', 'text', true),
  column('durationMs', 'duration_ms', 'integer'),
  column('details', 'details', 'text', true),
  column('previousHash', 'previous_hash', 'text'),
  column('hash', 'hash', 'text'),
]);

/** Event ids are unique: a replayed event cannot be stored twice under new sequence numbers. */
export const AUDIT_EVENT_UNIQUE: AuditEventIndex = Object.freeze({
  name: 'bulwark_audit_event_id',
  properties: Object.freeze(['id'] as const),
});

/** The indexes behind the audit log's searches: by time, by actor and by action. */
export const AUDIT_EVENT_INDICES: readonly AuditEventIndex[] = Object.freeze([
  Object.freeze({ name: 'bulwark_audit_event_time', properties: Object.freeze(['time'] as const) }),
  Object.freeze({
    name: 'bulwark_audit_event_actor',
    properties: Object.freeze(['actorId', 'time'] as const),
  }),
  Object.freeze({
    name: 'bulwark_audit_event_action',
    properties: Object.freeze(['action', 'time'] as const),
  }),
]);
