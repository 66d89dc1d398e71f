import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import {
  AUDIT_EVENT_COLUMNS,
  AUDIT_EVENT_INDICES,
  AUDIT_EVENT_TABLE,
  AUDIT_EVENT_UNIQUE,
  type AuditEventRow,
} from './audit-event-columns';

export { AUDIT_EVENT_TABLE, type AuditEventRow } from './audit-event-columns';

const columns = Object.fromEntries(
  AUDIT_EVENT_COLUMNS.map((c): [string, EntitySchemaColumnOptions] => [
    c.property,
    { type: c.type, name: c.name, nullable: c.isNullable, primary: c.property === 'sequence' },
  ]),
) as { [P in keyof AuditEventRow]: EntitySchemaColumnOptions };

/**
 * The TypeORM entity of audit events. Add it to the data source's `entities`.
 *
 * Rows are keyed by their place in the hash chain, so a second writer that tries to store the
 * same place fails instead of forking the chain. The columns are described once, in
 * `AUDIT_EVENT_COLUMNS`, which the SQLite sink's statements are built from as well.
 *
 * @example
 * ```ts
 * new DataSource({ type: 'better-sqlite3', database: 'app.db', entities: [AuditEventEntity] });
 * ```
 */
export const AuditEventEntity = new EntitySchema<AuditEventRow>({
  name: 'BulwarkAuditEvent',
  tableName: AUDIT_EVENT_TABLE,
  columns,
  uniques: [{ name: AUDIT_EVENT_UNIQUE.name, columns: [...AUDIT_EVENT_UNIQUE.properties] }],
  indices: AUDIT_EVENT_INDICES.map((index) => ({
    name: index.name,
    columns: [...index.properties],
  })),
});
