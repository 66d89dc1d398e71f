import { BulwarkError } from '@bulwark/core';
import type { Request, Response } from 'express';
import { filterResponse } from '../authorization/filter-response';
import { auditDetails, auditEvent, withChanges } from './audit-events';
import type { RequestState } from './request-state';
import type { Runtime } from './runtime';

/**
 * Runs after a handler returned: drops the fields the principal may not read, shapes the result
 * through class-transformer (so `@Exclude`d entity fields such as password hashes never leave),
 * marks authenticated responses uncacheable, and records the audit event — durably, before the
 * answer, on mutating routes.
 *
 * Security: when the durable write fails on a mutating route and `onAuditFailure` is `'fail'`,
 * the client gets 503 `ERR_AUDIT_UNAVAILABLE` instead of a success that left no record.
 *
 * @param runtime - The app's runtime.
 * @param state - The request state.
 * @param request - The Express request.
 * @param response - The Express response.
 * @param result - What the handler returned.
 * @returns The shaped result for routing-controllers to send.
 * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE`
 */
export async function respond(
  runtime: Runtime,
  state: RequestState,
  request: Request,
  response: Response,
  result: unknown,
): Promise<unknown> {
  const policy = state.plan?.policy;
  if (state.plan === null) throw new BulwarkError('ERR_POLICY_MISSING', 'Response without a plan.');
  const readable =
    result === response || state.ability === null
      ? result
      : filterResponse(result, {
          policy: state.plan.policy,
          permissions: runtime.options.permissions,
          ability: state.ability,
        });
  const shaped = result === response ? result : state.plan.shapeResponse(readable);
  if (state.principal !== null) response.set('Cache-Control', 'no-store');
  if (policy?.audit === null || policy?.audit === undefined || runtime.audit === null)
    return shaped;

  const event = auditEvent(state, request, {
    action: policy.audit.action,
    outcome: 'allowed',
    status: shaped === null || shaped === undefined ? 204 : response.statusCode,
    reason: null,
    details: withChanges(auditDetails(state, request), state, result === response ? null : result),
  });
  state.isAudited = true;
  try {
    await runtime.audit.record(event, { durable: policy.isMutating });
  } catch (error) {
    runtime.logger.error('Audit event could not be stored.', {
      code: 'ERR_AUDIT_UNAVAILABLE',
      requestId: state.requestId,
      route: policy.id,
      error: String(error),
    });
    if (policy.isMutating && runtime.options.onAuditFailure === 'fail') {
      throw new BulwarkError(
        'ERR_AUDIT_UNAVAILABLE',
        'The action could not be recorded; try again later.',
        { cause: error },
      );
    }
  }
  return shaped;
}
