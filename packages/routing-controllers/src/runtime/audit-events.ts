import {
  changedFields,
  snapshotFields,
  type AuditEventInput,
  type AuditOutcome,
} from '@bulwark/audit';
import type { Request } from 'express';
import type { RequestState } from './request-state';

/** What varies between the audit events of one request. */
export interface AuditFacts {
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly status: number;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/**
 * Builds the audit event of a request from its state. The subject id comes from the route
 * parameter the policy names; the client address is the resolved one, never a raw header.
 */
export function auditEvent(
  state: RequestState,
  request: Request,
  facts: AuditFacts,
): AuditEventInput {
  const plan = state.plan;
  const policy = plan?.policy;
  const idParam = policy?.audit?.subjectIdParam ?? null;
  const rawId =
    idParam === null
      ? undefined
      : (request.params as Record<string, unknown> | undefined)?.[idParam];
  return {
    actor:
      state.principal === null
        ? { id: null, kind: 'anonymous' }
        : { id: state.principal.id, kind: state.principal.kind },
    action: facts.action,
    subject: {
      type: policy?.authorization?.subject ?? null,
      id: rawId === undefined || rawId === null ? null : String(rawId),
    },
    route: policy?.id ?? `${request.method} ${request.path}`,
    outcome: facts.outcome,
    status: facts.status,
    reason: facts.reason,
    requestId: state.requestId,
    clientAddress: state.clientAddress,
    userAgent: request.headers['user-agent']?.slice(0, 256) ?? null,
    durationMs: Number(process.hrtime.bigint() - state.startedAt) / 1e6,
    details: facts.details,
  };
}

/**
 * Picks the parameters and body paths an `@Audit` names. Values are copied as they are; the audit
 * trail redacts secrets before storage.
 */
export function auditDetails(
  state: RequestState,
  request: Request,
): Readonly<Record<string, unknown>> | null {
  const audit = state.plan?.policy.audit;
  if (
    audit === undefined ||
    audit === null ||
    (audit.params.length === 0 && audit.body.length === 0)
  )
    return null;
  const details: Record<string, unknown> = {};
  const params = request.params as Record<string, unknown>;
  for (const name of audit.params)
    if (params[name] !== undefined) details[`params.${name}`] = params[name];
  for (const path of audit.body) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null
            ? (node as Record<string, unknown>)[key]
            : undefined,
        request.body,
      );
    if (value !== undefined) details[`body.${path}`] = value;
  }
  return details;
}

/**
 * Adds `changes` (each changed field with its value before and after) to the details of a route
 * that loaded an instance: before is the snapshot taken at load time, after is the object the
 * handler returned, or the loaded instance when it returned none. The audit trail redacts secrets
 * in both.
 */
export function withChanges(
  details: Readonly<Record<string, unknown>> | null,
  state: RequestState,
  result: unknown,
): Readonly<Record<string, unknown>> | null {
  const before = state.instanceBefore ?? null;
  if (before === null) return details;
  const after = typeof result === 'object' && result !== null ? result : state.instance;
  const changes = changedFields(before, snapshotFields(after));
  return changes === null ? details : { ...details, changes };
}
