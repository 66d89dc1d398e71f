import type { AuditEventInput } from '@bulwark/audit';
import { BulwarkError, type RoutePolicy } from '@bulwark/core';
import type { Request, Response } from 'express';
import { filterResponse } from '../authorization/filter-response';
import { auditDetails, auditEvent, withChanges } from './audit-events';
import { writeJson } from './json-answer';
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
 * @returns The shaped result for routing-controllers to send, or the response when Bulwark wrote
 *   the answer itself; a promise of either on audited routes.
 * @throws BulwarkError `ERR_AUDIT_UNAVAILABLE`
 */
export function respond(
  runtime: Runtime,
  state: RequestState,
  request: Request,
  response: Response,
  result: unknown,
): unknown {
  const plan = state.plan;
  if (plan === null) throw new BulwarkError('ERR_POLICY_MISSING', 'Response without a plan.');
  const { policy } = plan;
  const isResponse = result === response;
  const readable =
    isResponse || state.ability === null
      ? result
      : filterResponse(result, {
          policy,
          permissions: runtime.options.permissions,
          ability: state.ability,
        });
  const shaped = isResponse ? result : plan.shapeResponse(readable);
  if (state.principal !== null) response.setHeader('Cache-Control', 'no-store');
  if (policy.audit === null || runtime.audit === null)
    return answer(state, request, response, shaped);

  const event = auditEvent(state, request, {
    action: policy.audit.action,
    outcome: 'allowed',
    status:
      shaped === null || shaped === undefined ? 204 : (plan.successStatus ?? response.statusCode),
    reason: null,
    details: withChanges(auditDetails(state, request), state, isResponse ? null : result),
  });
  state.isAudited = true;
  return record(runtime, policy, state, event).then(() => answer(state, request, response, shaped));
}

/** Records the event; a failed durable write refuses the request when the policy says so. */
async function record(
  runtime: Runtime,
  policy: RoutePolicy,
  state: RequestState,
  event: AuditEventInput,
): Promise<void> {
  try {
    await runtime.audit?.record(event, { durable: policy.isMutating });
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
}

/**
 * Hands the shaped result to routing-controllers, or writes an authenticated JSON answer
 * directly and hands back the response (which routing-controllers then leaves alone).
 */
function answer(state: RequestState, request: Request, response: Response, shaped: unknown) {
  const plan = state.plan;
  if (plan?.answer === null || plan === null || state.principal === null) return shaped;
  if (shaped === response) return shaped;
  return writeJson(request, response, plan.answer, shaped) ? response : shaped;
}
