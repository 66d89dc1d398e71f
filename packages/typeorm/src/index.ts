export { AUDIT_EVENT_TABLE, AuditEventEntity } from './audit/audit-event.entity';
export type { AuditEventRow } from './audit/audit-event.entity';
export { findAuditEvents } from './audit/audit-event-query';
export type { AuditEventFilter, AuditEventPage } from './audit/audit-event-query';
export { fromRow, toRow } from './audit/audit-event-rows';
export { TypeOrmAuditSink } from './audit/typeorm-audit-sink';
