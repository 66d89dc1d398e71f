import { createHash, timingSafeEqual } from 'node:crypto';
import type { Authenticator } from '@bulwark/auth';
import { BulwarkError } from '@bulwark/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Registry } from 'prom-client';
import { stateOf } from '../runtime/request-state';

/** Shortest bearer token accepted for the metrics endpoint, in characters. */
export const MIN_METRICS_TOKEN_LENGTH = 32;

/** Options of {@link createMetricsHandler}; give a bearer token, or authenticators and roles. */
export interface MetricsHandlerOptions {
  /** The metrics to serve: a `BulwarkMetrics` or any prom-client registry. */
  readonly metrics: { readonly registry: Registry } | Registry;
  /** A static token scrapers send as `Authorization: Bearer <token>`; ≥ 32 characters. */
  readonly bearerToken?: string;
  /** Authenticators whose principal must hold one of `roles`. */
  readonly authenticators?: readonly Authenticator[];
  /** Roles allowed to read metrics, with `authenticators`. */
  readonly roles?: readonly string[];
}

/**
 * Builds the protected `/metrics` handler. Mount it through `useBulwark`'s `mount` hook, so its
 * refusals go through Bulwark's error handler (problem+json, audited).
 *
 * With `bearerToken`, the request must carry exactly that token (compared in constant time).
 * With `authenticators` and `roles`, the request must authenticate with one of them as a
 * principal holding one of the roles. There is no unprotected mode: metrics reveal routes,
 * traffic and failure rates.
 *
 * @param options - The metrics and how to protect them.
 * @returns An Express handler answering the Prometheus text format.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when neither protection is configured, the token is
 *   too short, or roles are missing; at request time it passes `ERR_AUTHN_REQUIRED`,
 *   `ERR_AUTHN_INVALID` or `ERR_AUTHZ_DENIED` to the error handler.
 * @example
 * ```ts
 * app.get('/metrics', createMetricsHandler({ metrics, bearerToken: process.env.METRICS_TOKEN }));
 * ```
 */
export function createMetricsHandler(options: MetricsHandlerOptions): RequestHandler {
  checkOptions(options);
  const registry = 'registry' in options.metrics ? options.metrics.registry : options.metrics;
  const allow =
    options.bearerToken !== undefined
      ? tokenCheck(options.bearerToken)
      : roleCheck(options.authenticators ?? [], options.roles ?? []);

  return (request: Request, response: Response, next: NextFunction): void => {
    allow(request)
      .then(() => registry.metrics())
      .then((text) => {
        response.set('Cache-Control', 'no-store');
        response.type(registry.contentType).send(text);
      })
      .catch(next);
  };
}

function tokenCheck(token: string): (request: Request) => Promise<void> {
  const expected = createHash('sha256').update(token).digest();
  return async (request) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    if (match === null) {
      throw new BulwarkError('ERR_AUTHN_REQUIRED', 'The metrics need a bearer token.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        reason: 'no metrics token',
      });
    }
    const given = createHash('sha256')
      .update(match[1] as string)
      .digest();
    if (!timingSafeEqual(given, expected)) {
      throw new BulwarkError('ERR_AUTHN_INVALID', 'The metrics token is not valid.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics", error="invalid_token"' },
        reason: 'wrong metrics token',
      });
    }
  };
}

function roleCheck(
  authenticators: readonly Authenticator[],
  roles: readonly string[],
): (request: Request) => Promise<void> {
  const allowed = new Set(roles);
  const challenge = authenticators.map((a) => a.challenge).join(', ');
  return async (request) => {
    const clientAddress = stateOf(request)?.clientAddress ?? request.ip ?? 'unknown';
    const credentials = {
      headers: request.headers,
      cookies: (request as Request & { cookies?: Record<string, string> }).cookies ?? {},
      query: request.query as Record<string, unknown>,
      clientAddress,
    };
    for (const authenticator of authenticators) {
      const principal = await authenticator.authenticate(credentials);
      if (principal === null) continue;
      const state = stateOf(request);
      if (state !== undefined) state.principal = principal;
      if (principal.roles.some((role) => allowed.has(role))) return;
      throw new BulwarkError('ERR_AUTHZ_DENIED', 'You may not read the metrics.', {
        reason: 'no metrics role',
      });
    }
    throw new BulwarkError('ERR_AUTHN_REQUIRED', 'The metrics need a credential.', {
      headers: challenge === '' ? {} : { 'WWW-Authenticate': challenge },
      reason: 'no credential',
    });
  };
}

function checkOptions(options: MetricsHandlerOptions): void {
  const problems: string[] = [];
  const { bearerToken, authenticators, roles } = options;
  const registry = 'registry' in options.metrics ? options.metrics.registry : options.metrics;
  if (typeof registry?.metrics !== 'function') problems.push('metrics must be a registry.');
  if (bearerToken === undefined && authenticators === undefined) {
    problems.push('give bearerToken, or authenticators and roles: metrics are never public.');
  }
  if (bearerToken !== undefined && authenticators !== undefined) {
    problems.push('give bearerToken or authenticators, not both.');
  }
  if (
    bearerToken !== undefined &&
    (typeof bearerToken !== 'string' || bearerToken.length < MIN_METRICS_TOKEN_LENGTH)
  ) {
    problems.push(`bearerToken must be at least ${MIN_METRICS_TOKEN_LENGTH} characters.`);
  }
  if (authenticators !== undefined && (authenticators.length === 0 || (roles ?? []).length === 0)) {
    problems.push('authenticators and roles must both be non-empty.');
  }
  if (problems.length > 0) {
    throw new BulwarkError('ERR_CONFIG_INVALID', 'Invalid metrics handler options.', {
      details: { problems },
    });
  }
}
