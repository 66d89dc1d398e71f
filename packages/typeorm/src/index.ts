export { AUDIT_EVENT_TABLE, AuditEventEntity } from './audit/audit-event.entity';
export type { AuditEventRow } from './audit/audit-event.entity';
export { fromRow, toRow, TypeOrmAuditSink } from './audit/typeorm-audit-sink';
