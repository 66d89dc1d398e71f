import { snapshotFields } from '@bulwark/audit';
import { insufficientScopeError } from '@bulwark/auth';
import { BulwarkError, decide, type RateLimitKeyInput } from '@bulwark/core';
import { mergeRateLimitHeaders } from '@bulwark/rate-limit';
import type { Request, Response } from 'express';
import { checkParameterPollution } from '../authorization/check-parameter-pollution';
import { checkWrittenFields } from '../authorization/check-written-fields';
import { authenticate } from './authenticate';
import type { RequestState } from './request-state';
import type { RoutePlan } from './route-plan';
import type { Runtime } from './runtime';

/**
 * Runs every step of a route's policy before its handler, in the order of the request
 * pipeline: limits by address, authentication, limits by principal, body reading, the
 * parameter-pollution check, authorization (with the instance loaded on object routes), then
 * validation and the property-level check of the fields the validated body sets. Any refusal
 * throws a `BulwarkError`; the error handler answers and audits it.
 *
 * @param runtime - The app's runtime.
 * @param plan - The route plan.
 * @param state - The request state, filled in as the steps succeed.
 * @param request - The Express request; its body, query and params are replaced by DTOs.
 * @param response - The Express response, for rate-limit headers.
 */
export async function runPipeline(
  runtime: Runtime,
  plan: RoutePlan,
  state: RequestState,
  request: Request,
  response: Response,
): Promise<void> {
  const { policy } = plan;
  plan.checkCsrf?.(request);
  if (plan.hasIpLimits) await limit(runtime, plan, state, request, response, 'pre-auth');
  if (!policy.isPublic) {
    state.principal = await authenticate(plan, request, state.clientAddress);
    state.ability = runtime.options.permissions.abilityFor(state.principal);
  }
  if (plan.hasPrincipalLimits) await limit(runtime, plan, state, request, response, 'post-auth');
  if (plan.readBody !== null) await plan.readBody(request, response);
  checkParameterPollution({ params: request.params, query: request.query, body: request.body });

  const authorization = policy.authorization;
  if (authorization !== null && state.principal !== null && state.ability !== null) {
    const params = request.params as Record<string, unknown>;
    if (authorization.load !== null) {
      state.instance = (await authorization.load({ params, principal: state.principal })) ?? null;
      state.instanceBefore = snapshotFields(state.instance);
    }
    const decision = await decide(authorization, {
      principal: state.principal,
      ability: state.ability,
      instance: state.instance,
      params,
      checks: runtime.options.permissions.checks,
    });
    if (!decision.isAllowed) throw refusal(decision.code, decision.reason, plan);
  }

  if (plan.validateParams !== null)
    request.params = (await plan.validateParams(request.params)) as Request['params'];
  if (plan.validateQuery !== null)
    request.query = (await plan.validateQuery(request.query)) as Request['query'];
  if (plan.validateHeaders !== null) await plan.validateHeaders(request.headers);
  if (plan.validateBody !== null) request.body = await plan.validateBody(request.body);
  if (state.ability !== null) {
    checkWrittenFields({
      policy,
      ability: state.ability,
      body: request.body,
      instance: state.instance,
    });
  }
  // While the audit store is known to be down, a mutating audited route refuses before it acts.
  const isAuditDown =
    policy.isMutating && policy.audit !== null && runtime.audit?.isAvailable === false;
  if (isAuditDown && runtime.options.onAuditFailure === 'fail') {
    throw new BulwarkError(
      'ERR_AUDIT_UNAVAILABLE',
      'The action cannot be recorded now; try again later.',
    );
  }
}

async function limit(
  runtime: Runtime,
  plan: RoutePlan,
  state: RequestState,
  request: Request,
  response: Response,
  phase: 'pre-auth' | 'post-auth',
): Promise<void> {
  const input: RateLimitKeyInput = {
    clientAddress: state.clientAddress,
    principal: state.principal,
    params: request.params,
    headers: request.headers,
  };
  const result = await runtime.rateLimiter.check(plan.policy, input, { phase });
  state.rateLimits.push(result);
  // Concurrency limits hold a slot until the response is done (or the client goes away).
  response.once('close', () => result.release());
  // Both phases' limits go into one RateLimit / RateLimit-Policy list.
  const headers = state.rateLimits.reduce<Record<string, string>>(
    (merged, r) => mergeRateLimitHeaders(merged, r.headers),
    {},
  );
  response.set(headers);
  if (!result.isAllowed) {
    throw new BulwarkError('ERR_RATE_LIMITED', 'Too many requests; retry later.', {
      headers,
      reason: `limit ${result.refusedBy ?? 'unknown'} exhausted`,
    });
  }
}

function refusal(
  code: 'ERR_AUTHZ_DENIED' | 'ERR_AUTHZ_SCOPE_INSUFFICIENT' | 'ERR_NOT_FOUND',
  reason: string,
  plan: RoutePlan,
): BulwarkError {
  if (code === 'ERR_NOT_FOUND') return new BulwarkError(code, 'No such resource.', { reason });
  if (code === 'ERR_AUTHZ_SCOPE_INSUFFICIENT') {
    return insufficientScopeError(plan.policy.authorization?.scopes ?? [], { reason });
  }
  return new BulwarkError(code, 'You may not perform this action.', { reason });
}
