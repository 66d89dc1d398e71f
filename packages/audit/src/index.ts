export type {
  AuditEvent,
  AuditEventInput,
  AuditOutcome,
  AuditRecorder,
  ChainHead,
  SealedAuditEvent,
} from './audit-event';
export type { AuditChainSource, AuditSink } from './audit-sink';
export { AuditTrail } from './audit-trail';
export { changedFields, snapshotFields } from './changes';
export type { FieldChanges, FieldSnapshot } from './changes';
export type { AuditTrailOptions } from './audit-trail';
export { DEFAULT_FACTORIES } from './build-audit-event';
export type { EventFactories } from './build-audit-event';
export type { FloodControlOptions } from './flood-control';
export {
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  MIN_HMAC_KEY_BYTES,
  sealEvents,
} from './hash-chain';
export type { ChainKey } from './hash-chain';
export { MemoryAuditSink } from './memory-audit-sink';
export { cleanText, createRedactor, isSecretKey, REDACTED } from './redaction';
export type { RedactionOptions, Redactor } from './redaction';
export { markSensitive, Sensitive, sensitivePropertiesOf } from './sensitive.decorator';
export { verifyAuditChain } from './verify-audit-chain';
export type {
  ChainProblem,
  ChainProblemKind,
  ChainReport,
  VerifyChainOptions,
} from './verify-audit-chain';
