import { isBulwarkError, type PrincipalKind } from '@bulwark/core';
import type { Request, Response } from 'express';
import { stateOf } from '../runtime/request-state';

/** How a request ended, as monitoring counts it. */
export type OutcomeKind =
  'allowed' | 'denied' | 'authn-failure' | 'rate-limited' | 'failed' | 'error';

/** One answered request, as observers see it. Holds no header, query, body or path. */
export interface RequestOutcome {
  readonly requestId: string;
  /** The compiled route id (`Controller.method`), or `unmatched`: never the raw path. */
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly kind: OutcomeKind;
  /** The problem code of a refusal or failure, or `null`. */
  readonly code: string | null;
  readonly principalId: string | null;
  readonly principalKind: PrincipalKind | null;
  readonly clientAddress: string;
  readonly durationMs: number;
}

/** Receives every answered request; the request logger, metrics and detector are observers. */
export interface RequestObserver {
  /** Called once per answered request, after the response was sent. Must not throw. */
  onRequest(outcome: RequestOutcome): void;
}

/** The route label of requests that matched no route; raw paths would be unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

const KIND_BY_CODE: ReadonlyMap<string, OutcomeKind> = new Map<string, OutcomeKind>([
  ['ERR_AUTHN_REQUIRED', 'authn-failure'],
  ['ERR_AUTHN_INVALID', 'authn-failure'],
  ['ERR_AUTHN_LOCKED', 'rate-limited'],
  ['ERR_RATE_LIMITED', 'rate-limited'],
  ['ERR_CLIENT_BLOCKED', 'rate-limited'],
  ['ERR_AUTHZ_DENIED', 'denied'],
  ['ERR_AUTHZ_SCOPE_INSUFFICIENT', 'denied'],
  ['ERR_AUTHZ_FIELDS_DENIED', 'denied'],
  ['ERR_CSRF_FAILED', 'denied'],
]);

interface NotedProblem {
  readonly code: string;
  readonly isHiddenDenial: boolean;
}

/** The problem each response was answered with, while the response is alive. */
const PROBLEMS = new WeakMap<Response, NotedProblem>();

/**
 * Notes on the response which problem answered it, so observers can tell an authentication
 * failure from a denial. The error handler calls it.
 *
 * @param response - The Express response.
 * @param code - The problem code sent.
 * @param error - The error answered; a `404 ERR_NOT_FOUND` with a `reason` is a hidden denial.
 */
export function noteProblem(response: Response, code: string, error: unknown): void {
  const isHiddenDenial =
    code === 'ERR_NOT_FOUND' && isBulwarkError(error) && error.reason !== undefined;
  PROBLEMS.set(response, { code, isHiddenDenial });
}

/**
 * Classifies a response by its problem code, or by its status when no code was noted.
 *
 * @param status - The HTTP status sent.
 * @param problem - The noted problem, if any.
 * @returns The outcome kind.
 */
export function classify(status: number, problem?: NotedProblem): OutcomeKind {
  if (problem?.isHiddenDenial) return 'denied';
  const byCode = problem === undefined ? undefined : KIND_BY_CODE.get(problem.code);
  if (byCode !== undefined) return byCode;
  if (problem === undefined && status === 401) return 'authn-failure';
  if (problem === undefined && status === 403) return 'denied';
  if (problem === undefined && status === 429) return 'rate-limited';
  if (status >= 500) return 'error';
  return status >= 400 ? 'failed' : 'allowed';
}

/**
 * Builds the outcome of an answered request from Bulwark's request state.
 *
 * @param request - The Express request.
 * @param response - The Express response, finished.
 * @returns The outcome, or `null` for a request Bulwark's request context never saw.
 */
export function outcomeOf(request: Request, response: Response): RequestOutcome | null {
  const state = stateOf(request);
  if (state === undefined) return null;
  const problem = PROBLEMS.get(response);
  return {
    requestId: state.requestId,
    route: state.plan?.policy.id ?? UNMATCHED_ROUTE,
    method: request.method,
    status: response.statusCode,
    kind: classify(response.statusCode, problem),
    code: problem?.code ?? null,
    principalId: state.principal?.id ?? null,
    principalKind: state.principal?.kind ?? null,
    clientAddress: state.clientAddress,
    durationMs: Number(process.hrtime.bigint() - state.startedAt) / 1e6,
  };
}
