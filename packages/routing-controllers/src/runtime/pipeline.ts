import { snapshotFields } from '@bulwark/audit';
import { insufficientScopeError } from '@bulwark/auth';
import {
  BulwarkError,
  decideNow,
  type Decision,
  type RateLimitKeyInput,
  type RoutePolicy,
} from '@bulwark/core';
import { mergeRateLimitHeaders, type RateLimitResult } from '@bulwark/rate-limit';
import type { Request, Response } from 'express';
import { checkParameterPollution } from '../authorization/check-parameter-pollution';
import { checkWrittenFields } from '../authorization/check-written-fields';
import { authenticate, authenticateNow } from './authenticate';
import type { RequestState } from './request-state';
import type { RoutePlan } from './route-plan';
import type { Runtime } from './runtime';

/** One request going through a route's pipeline. */
export interface PipelineRun {
  readonly runtime: Runtime;
  readonly plan: RoutePlan;
  readonly state: RequestState;
  readonly request: Request;
  readonly response: Response;
}

/**
 * One step of a route's pipeline: `undefined` when it finished synchronously, a promise when it
 * must wait. A refusal throws a `BulwarkError` (or rejects with one).
 */
export type PipelineStep = (run: PipelineRun) => Promise<void> | undefined;

/**
 * Chooses, at start-up, the steps a route's policy needs, in the order of the request pipeline:
 * CSRF, limits by address, authentication, limits by principal, body reading, the
 * parameter-pollution check, authorization (with the instance loaded on object routes), then
 * validation, the property-level check of the fields the validated body sets, and the audit
 * availability check of mutating audited routes. A step the policy does not need is left out,
 * so a request runs no test for a feature its route does not use.
 *
 * @param policy - The compiled policy.
 * @param plan - What the plan prepared for the steps (CSRF check, validators).
 * @returns The steps.
 */
export function pipelineSteps(
  policy: RoutePolicy,
  plan: Pick<
    RoutePlan,
    'checkCsrf' | 'validateParams' | 'validateQuery' | 'validateHeaders' | 'validateBody'
  >,
): readonly PipelineStep[] {
  const steps: PipelineStep[] = [];
  if (plan.checkCsrf !== null) steps.push(checkCsrf);
  if (policy.rateLimits.some((l) => l.key === 'ip')) steps.push(limitBeforeAuthentication);
  if (!policy.isPublic) steps.push(authenticateStep);
  if (policy.rateLimits.some((l) => l.key !== 'ip')) steps.push(limitAfterAuthentication);
  steps.push(readBody, checkPollution);
  if (policy.authorization !== null && !policy.isPublic) steps.push(authorize);
  if (plan.validateParams !== null) steps.push(validateParams);
  if (plan.validateQuery !== null) steps.push(validateQuery);
  if (plan.validateHeaders !== null) steps.push(validateHeaders);
  if (plan.validateBody !== null) steps.push(validateBody);
  if (!policy.isPublic) steps.push(checkFields);
  if (policy.isMutating && policy.audit !== null) steps.push(checkAuditAvailable);
  return Object.freeze(steps);
}

/**
 * Runs a route's steps, synchronously as long as each one finishes synchronously: a request
 * whose token, ability and counters are in memory goes through without a promise. Awaiting each
 * step would queue a microtask per step per request; that is most of what a pipeline of
 * in-memory checks would otherwise cost.
 *
 * @param run - The request.
 * @returns `undefined` when every step finished, or a promise of the remaining ones.
 * @throws BulwarkError from the first step that refuses synchronously.
 */
export function runPipeline(run: PipelineRun): Promise<void> | undefined {
  return runFrom(run.plan.steps, run, 0);
}

function runFrom(
  steps: readonly PipelineStep[],
  run: PipelineRun,
  first: number,
): Promise<void> | undefined {
  for (let index = first; index < steps.length; index += 1) {
    const pending = steps[index]!(run);
    if (pending !== undefined) return pending.then(() => runFrom(steps, run, index + 1));
  }
  return undefined;
}

function checkCsrf(run: PipelineRun): undefined {
  run.plan.checkCsrf?.(run.request);
  return undefined;
}

function limitBeforeAuthentication(run: PipelineRun): Promise<void> | undefined {
  return limit(run, 'pre-auth');
}

function limitAfterAuthentication(run: PipelineRun): Promise<void> | undefined {
  return limit(run, 'post-auth');
}

function limit(run: PipelineRun, phase: 'pre-auth' | 'post-auth'): Promise<void> | undefined {
  const { state, request } = run;
  const input: RateLimitKeyInput = {
    clientAddress: state.clientAddress,
    principal: state.principal,
    params: request.params,
    headers: request.headers,
  };
  const limiter = run.runtime.rateLimiter;
  const now = limiter.checkNow?.(run.plan.policy, input, { phase });
  if (now !== undefined) {
    applyLimit(run, now);
    return undefined;
  }
  return limiter.check(run.plan.policy, input, { phase }).then((result) => applyLimit(run, result));
}

function applyLimit({ state, response }: PipelineRun, result: RateLimitResult): void {
  state.rateLimits.push(result);
  // Concurrency limits hold a slot until the response is done (or the client goes away).
  if (result.hasLeases !== false) response.once('close', () => result.release());
  // Both phases' limits go into one RateLimit / RateLimit-Policy list.
  const headers =
    state.rateLimits.length === 1
      ? result.headers
      : state.rateLimits.reduce<Record<string, string>>(
          (merged, r) => mergeRateLimitHeaders(merged, r.headers),
          {},
        );
  for (const name of Object.keys(headers)) response.setHeader(name, headers[name]!);
  if (!result.isAllowed) {
    throw new BulwarkError('ERR_RATE_LIMITED', 'Too many requests; retry later.', {
      headers,
      reason: `limit ${result.refusedBy ?? 'unknown'} exhausted`,
    });
  }
}

function authenticateStep(run: PipelineRun): Promise<void> | undefined {
  const { plan, request, state } = run;
  const known = authenticateNow(plan, request, state.clientAddress);
  if (known !== undefined) {
    state.principal = known;
    state.ability = run.runtime.options.permissions.abilityFor(known);
    return undefined;
  }
  return authenticate(plan, request, state.clientAddress).then((principal) => {
    state.principal = principal;
    state.ability = run.runtime.options.permissions.abilityFor(principal);
  });
}

function readBody(run: PipelineRun): Promise<void> | undefined {
  return run.plan.readBody(run.request, run.response);
}

function checkPollution({ request }: PipelineRun): undefined {
  checkParameterPollution({ params: request.params, query: request.query, body: request.body });
  return undefined;
}

function authorize(run: PipelineRun): Promise<void> | undefined {
  const { state, plan } = run;
  const load = plan.policy.authorization?.load ?? null;
  if (load === null || state.principal === null) return judge(run);
  const params = run.request.params as Record<string, unknown>;
  const loaded = load({ params, principal: state.principal });
  if (isPromise(loaded)) return loaded.then((instance) => judgeLoaded(run, instance));
  return judgeLoaded(run, loaded);
}

function judgeLoaded(
  run: PipelineRun,
  instance: object | null | undefined,
): Promise<void> | undefined {
  const { state } = run;
  state.instance = instance ?? null;
  // The before-image only serves the audit record's changes.
  if (run.plan.policy.audit !== null) state.instanceBefore = snapshotFields(state.instance);
  return judge(run);
}

function judge(run: PipelineRun): Promise<void> | undefined {
  const { state, plan } = run;
  const authorization = plan.policy.authorization;
  if (authorization === null || state.principal === null || state.ability === null) return;
  const decision = decideNow(authorization, {
    principal: state.principal,
    ability: state.ability,
    instance: state.instance,
    params: run.request.params as Record<string, unknown>,
    checks: run.runtime.options.permissions.checks,
  });
  if (isPromise(decision)) return decision.then((d) => enforce(d, plan));
  enforce(decision, plan);
  return undefined;
}

function enforce(decision: Decision, plan: RoutePlan): void {
  if (!decision.isAllowed) throw refusal(decision.code, decision.reason, plan);
}

function validateParams({ plan, request }: PipelineRun): Promise<void> | undefined {
  return settle(plan.validateParams!(request.params), (params) => {
    request.params = params as Request['params'];
  });
}

function validateQuery({ plan, request }: PipelineRun): Promise<void> | undefined {
  return settle(plan.validateQuery!(request.query), (query) => {
    request.query = query as Request['query'];
  });
}

function validateHeaders({ plan, request }: PipelineRun): Promise<void> | undefined {
  return settle(plan.validateHeaders!(request.headers), () => undefined);
}

function validateBody({ plan, request }: PipelineRun): Promise<void> | undefined {
  return settle(plan.validateBody!(request.body), (body) => {
    request.body = body;
  });
}

function checkFields({ plan, state, request }: PipelineRun): undefined {
  if (state.ability === null) return undefined;
  checkWrittenFields({
    policy: plan.policy,
    ability: state.ability,
    body: request.body,
    instance: state.instance,
  });
  return undefined;
}

// While the audit store is known to be down, a mutating audited route refuses before it acts.
function checkAuditAvailable({ runtime }: PipelineRun): undefined {
  const isAuditDown = runtime.audit?.isAvailable === false;
  if (isAuditDown && runtime.options.onAuditFailure === 'fail') {
    throw new BulwarkError(
      'ERR_AUDIT_UNAVAILABLE',
      'The action cannot be recorded now; try again later.',
    );
  }
  return undefined;
}

/** Hands a value to `use` now, or once its promise settles. */
function settle<T>(value: T | Promise<T>, use: (value: T) => void): Promise<void> | undefined {
  if (isPromise(value)) return value.then(use);
  use(value);
  return undefined;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
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
