import type { AuditOutcome } from '@bulwark/audit';
import { isBulwarkError, type ErrorCode } from '@bulwark/core';
import type { NextFunction, Request, Response } from 'express';
import { auditEvent } from '../runtime/audit-events';
import { stateOf, type RequestState } from '../runtime/request-state';
import type { Runtime } from '../runtime/runtime';
import { noteProblem } from '../monitoring/request-outcome';
import { toProblem } from './problem';
import { scrubLogText } from './scrub-log-text';

/** Refusals audited on every route, with the action name they are recorded under. */
const ALWAYS_AUDITED: Partial<Record<ErrorCode, string>> = Object.freeze({
  ERR_AUTHN_REQUIRED: 'authn.failure',
  ERR_AUTHN_INVALID: 'authn.failure',
  ERR_AUTHN_LOCKED: 'authn.locked',
  ERR_AUTHZ_DENIED: 'authz.denied',
  ERR_AUTHZ_SCOPE_INSUFFICIENT: 'authz.denied',
  ERR_AUTHZ_FIELDS_DENIED: 'authz.denied',
  ERR_AUTHZ_PARAMETER_CONFLICT: 'authz.denied',
  ERR_CSRF_FAILED: 'authz.denied',
  ERR_RATE_LIMITED: 'ratelimit.refused',
});

/**
 * Builds the app's one error handler: every error becomes an RFC 9457 problem response with a
 * stable code and the request id; server faults are logged with their detail, which never
 * reaches the client; refusals are audited.
 *
 * @param runtime - The app's runtime.
 * @returns An Express error middleware.
 */
export function createErrorHandler(runtime: Runtime) {
  // A 401 must carry a challenge (RFC 9110, section 15.5.2). Refusals raised outside an
  // authenticator, such as a failed password login, get the app's default schemes' challenges.
  const { authenticators, defaultSchemes } = runtime.options;
  const fallbackChallenge = authenticators
    .filter((a) => defaultSchemes.includes(a.scheme))
    .map((a) => a.challenge)
    .join(', ');
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const state = stateOf(request);
    const requestId = state?.requestId ?? 'unknown';
    const problem = toProblem(error, requestId, runtime.options.exposeStackTraces);
    const route = state?.plan?.policy.id ?? `${request.method} ${request.path}`;
    if (problem.isServerFault) {
      runtime.logger.error('Request failed.', {
        code: problem.code,
        requestId,
        route,
        decision: 'error',
        error: describe(error),
      });
    } else {
      runtime.logger.info('Request refused.', {
        code: problem.code,
        requestId,
        route,
        decision: 'refused',
      });
    }
    if (state !== undefined)
      void auditRefusal(runtime, state, request, problem.code, problem.status, error);
    noteProblem(response, problem.code, error);

    response.status(problem.status);
    response.set(problem.headers);
    if (problem.status === 401 && !response.hasHeader('WWW-Authenticate') && fallbackChallenge) {
      response.set('WWW-Authenticate', fallbackChallenge);
    }
    response.set('Cache-Control', 'no-store');
    response.type('application/problem+json');
    response.send(JSON.stringify(problem.body));
  };
}

async function auditRefusal(
  runtime: Runtime,
  state: RequestState,
  request: Request,
  code: ErrorCode,
  status: number,
  error: unknown,
): Promise<void> {
  if (runtime.audit === null || state.isAudited) return;
  const alwaysAction = ALWAYS_AUDITED[code];
  const isHiddenDenial =
    code === 'ERR_NOT_FOUND' && isBulwarkError(error) && error.reason !== undefined;
  const routeAction = state.plan?.policy.audit?.action;
  const action = alwaysAction ?? (isHiddenDenial ? 'authz.denied' : routeAction);
  if (action === undefined) return;
  const outcome: AuditOutcome =
    alwaysAction !== undefined || isHiddenDenial ? 'denied' : status >= 500 ? 'error' : 'failed';
  const reason =
    isBulwarkError(error) && error.reason !== undefined ? `${code}: ${error.reason}` : code;
  state.isAudited = true;
  try {
    await runtime.audit.record(
      auditEvent(state, request, { action, outcome, status, reason, details: null }),
      { durable: false },
    );
  } catch (failure) {
    runtime.logger.error('Audit event could not be stored.', {
      code: 'ERR_AUDIT_UNAVAILABLE',
      requestId: state.requestId,
      error: String(failure),
    });
  }
}

/** The log form of an error: name, message and stack, for operators only, credentials masked. */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: scrubLogText(error.message),
      stack: scrubLogText(error.stack ?? ''),
    };
  }
  return { value: scrubLogText(String(error)) };
}
