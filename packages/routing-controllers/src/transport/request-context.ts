import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { attachState } from '../runtime/request-state';
import { ensureFlatQuery } from './query-string';
import { isSecureRequest } from './request-protocol';

/** An incoming request id is kept only when it is short and plain, so it cannot inject into logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Response headers every answer carries, as `[name, value]`, and those it must not carry. */
export interface FixedHeaders {
  readonly set: readonly (readonly [string, string])[];
  readonly removed: readonly string[];
}

const HSTS = 'strict-transport-security';

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
 * Security: `Strict-Transport-Security` goes only on answers to requests that came over HTTPS
 * (see {@link isSecureRequest}). RFC 6797 forbids it on plain HTTP: there a man in the middle
 * could strip or forge it, and a browser ignores it anyway; the first HTTPS answer pins the host.
 *
 * @param options - The fixed headers and whether a proxy is trusted.
 * @returns The middleware.
 */
export function createRequestContext(options: RequestContextOptions): RequestHandler {
  const { removed } = options.headers;
  const set = options.headers.set.filter(([name]) => name.toLowerCase() !== HSTS);
  const hsts = options.headers.set.find(([name]) => name.toLowerCase() === HSTS) ?? null;
  const { isBehindProxy } = options;
  return function requestContext(request: Request, response: Response, next: NextFunction): void {
    ensureFlatQuery(request);
    const incoming = request.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader('X-Request-Id', requestId);
    for (const name of removed) response.removeHeader(name);
    for (const [name, value] of set) response.setHeader(name, value);
    if (hsts !== null && isSecureRequest(request)) response.setHeader(hsts[0], hsts[1]);
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
 *
 * @param middleware - The middleware.
 * @returns What it set and removed, in order.
 * @throws Error when the middleware fails or does not finish synchronously.
 */
export function recordHeaders(middleware: RequestHandler): FixedHeaders {
  const set: Array<readonly [string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let isDone = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as never, recorder as never, (error) => {
    if (error !== undefined && error !== null) throw error;
    isDone = true;
  });
  if (!isDone) throw new Error('The security-header middleware did not finish synchronously.');
  return Object.freeze({ set: Object.freeze(set), removed: Object.freeze(removed) });
}
