export { AUDIT_EVENT_TABLE, AuditEventEntity } from './audit/audit-event.entity';
export type { AuditEventRow } from './audit/audit-event.entity';
export { findAuditEvents } from './audit/audit-event-query';
export type { AuditEventFilter, AuditEventPage } from './audit/audit-event-query';
export { fromRow, toRow } from './audit/audit-event-rows';
export { TypeOrmAuditSink } from './audit/typeorm-audit-sink';
export { SqliteAuditSink } from './audit/sqlite-audit-sink';
export type { SqliteAuditSinkOptions } from './audit/sqlite-audit-sink';
export { accessibleBy } from './authorization/accessible-by';
export type { AccessibleBy, AccessibleQuery } from './authorization/accessible-by';
export { entitySubject } from './authorization/entity-subject';
export {
  API_KEY_TABLE,
  ApiKeyEntity,
  OAUTH_CLIENT_TABLE,
  OAuthClientEntity,
  TypeOrmApiKeyStore,
  TypeOrmOAuthClientStore,
} from './auth/index';
export type { ApiKeyRow, OAuthClientRow } from './auth/index';
