export type { AuditEvent, AuditEventInput, AuditOutcome, AuditRecorder } from './audit-event';
export type { AuditSink } from './audit-sink';
export { AuditTrail } from './audit-trail';
export type { AuditTrailOptions } from './audit-trail';
export { DEFAULT_FACTORIES } from './build-audit-event';
export type { EventFactories } from './build-audit-event';
export { MemoryAuditSink } from './memory-audit-sink';
export { createRedactor, isSecretKey, REDACTED } from './redaction';
export type { RedactionOptions, Redactor } from './redaction';
