import type { SealedAuditEvent } from '@bulwark/audit';
import type { AuditEventRow } from './audit-event-columns';

/**
 * Maps a sealed event to its row.
 *
 * @param event - A sealed event.
 * @returns The row, with details as JSON text.
 */
export function toRow(event: SealedAuditEvent): AuditEventRow {
  return {
    sequence: event.sequence,
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
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

/**
 * Maps a row back to its event, exactly as it is stored, so the verifier sees any change.
 *
 * @param row - A row read from the table.
 * @returns The sealed event. Details that are not valid JSON come back wrapped as
 *   `{ unparsable: text }`, which then fails the hash check rather than the read.
 */
export function fromRow(row: AuditEventRow): SealedAuditEvent {
  return {
    sequence: Number(row.sequence),
    id: row.id,
    time: row.time,
    actor: { id: row.actorId, kind: row.actorKind as SealedAuditEvent['actor']['kind'] },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId },
    route: row.route,
    outcome: row.outcome as SealedAuditEvent['outcome'],
    status: Number(row.status),
    reason: row.reason,
    requestId: row.requestId,
    clientAddress: row.clientAddress,
    userAgent: row.userAgent,
    durationMs: Number(row.durationMs),
    details: parseDetails(row.details),
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

function parseDetails(text: string | null): SealedAuditEvent['details'] {
  if (text === null) return null;
  try {
    return JSON.parse(text) as SealedAuditEvent['details'];
  } catch {
    return { unparsable: text };
  }
}
