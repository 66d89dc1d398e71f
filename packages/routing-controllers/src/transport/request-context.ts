import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { attachState } from '../runtime/request-state';

/** An incoming request id is kept only when it is short and plain, so it cannot inject into logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Starts every request: assigns the request id (echoed as `X-Request-Id`), resolves the client
 * address and attaches the pipeline state.
 *
 * The address is Express's `req.ip`, which honours `X-Forwarded-For` only from the proxies the app
 * trusts (`trustedProxies`); from anyone else the header is ignored and the socket address is used.
 */
export function requestContext(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers['x-request-id'];
  const requestId =
    typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.set('X-Request-Id', requestId);
  attachState(request, {
    requestId,
    startedAt: process.hrtime.bigint(),
    clientAddress: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    plan: null,
    principal: null,
    ability: null,
    instance: null,
    rateLimits: [],
    isAudited: false,
  });
  next();
}
