import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { attachState } from '../runtime/request-state';
import { ensureFlatQuery } from './query-string';
import { isSecureRequest } from './request-protocol';

/** An incoming request id is kept only if it is short and plain, so it cannot inject into logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Response headers fixed at start-up, as `[name, value]`: those every answer carries, those only
 * answers to HTTPS requests carry, and those no answer may carry.
 */
export interface FixedHeaders {
  readonly set: readonly (readonly [string, string])[];
  readonly secureOnly: readonly (readonly [string, string])[];
  readonly removed: readonly string[];
}

/**
 * Headers that belong on HTTPS answers only. RFC 6797 forbids `Strict-Transport-Security` on
 * plain HTTP: there a man in the middle could strip or forge it, and a browser ignores it; the
 * first HTTPS answer pins the host.
 */
const SECURE_ONLY = new Set(['strict-transport-security']);

/** Options of {@link createRequestContext}. */
export interface RequestContextOptions {
  /** The security headers, computed once at start-up. */
  readonly headers: FixedHeaders;
  /** Whether `X-Forwarded-For` may name the client (some proxy is trusted). */
  readonly isBehindProxy: boolean;
}

/**
 * Builds the middleware that starts every request: makes sure the query was parsed flat,
 * assigns the request id (echoed as `X-Request-Id`), resolves the client address, attaches the
 * pipeline state and sets the security headers.
 *
 * These are one middleware rather than four because each Express layer costs a dispatch per
 * request, and none of them depends on anything that runs between them.
 *
 * The address is Express's `req.ip`, which honours `X-Forwarded-For` only from the proxies the app
 * trusts (`trustedProxies`); when no proxy is trusted it is the socket's address, read directly.
 *
 * Security: the `secureOnly` headers (HSTS) go only on answers to requests that came over
 * HTTPS, as {@link isSecureRequest} decides: TLS, or a trusted proxy that says so.
 *
 * @param options - The fixed headers and whether a proxy is trusted.
 * @returns The middleware.
 */
export function createRequestContext(options: RequestContextOptions): RequestHandler {
  const { set, secureOnly, removed } = options.headers;
  const { isBehindProxy } = options;
  return function requestContext(request: Request, response: Response, next: NextFunction): void {
    ensureFlatQuery(request);
    const incoming = request.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader('X-Request-Id', requestId);
    for (const name of removed) response.removeHeader(name);
    for (const [name, value] of set) response.setHeader(name, value);
    if (secureOnly.length > 0 && isSecureRequest(request))
      for (const [name, value] of secureOnly) response.setHeader(name, value);
    const address = isBehindProxy ? request.ip : request.socket.remoteAddress;
    attachState(request, {
      requestId,
      startedAt: process.hrtime.bigint(),
      clientAddress: address ?? request.socket.remoteAddress ?? 'unknown',
      plan: null,
      principal: null,
      ability: null,
      instance: null,
      rateLimits: [],
      isAudited: false,
    });
    next();
  };
}

/**
 * Records the headers a header-setting middleware (helmet) sets and removes, by running it once
 * against a recording response. Valid only for middleware whose headers do not depend on the
 * request, which holds for helmet with static directives; it must finish synchronously.
 * Headers meant for HTTPS answers only (HSTS) are kept apart from the rest.
 *
 * @param middleware - The middleware.
 * @returns What it set (for every answer and for HTTPS answers) and removed, in order.
 * @throws Error when the middleware fails or does not finish synchronously.
 */
export function recordHeaders(middleware: RequestHandler): FixedHeaders {
  const set: Array<readonly [string, string]> = [];
  const secureOnly: Array<readonly [string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) =>
      (SECURE_ONLY.has(name.toLowerCase()) ? secureOnly : set).push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let isDone = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as never, recorder as never, (error) => {
    if (error !== undefined && error !== null) throw error;
    isDone = true;
  });
  if (!isDone) throw new Error('The security-header middleware did not finish synchronously.');
  return Object.freeze({
    set: Object.freeze(set),
    secureOnly: Object.freeze(secureOnly),
    removed: Object.freeze(removed),
  });
}
