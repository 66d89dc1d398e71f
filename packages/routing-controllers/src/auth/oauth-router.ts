import type { AuditEventInput, AuditRecorder } from '@bulwark/audit';
import { MAX_TOKEN_REQUEST_BYTES, type TokenEndpoint, type TokenResponse } from '@bulwark/auth';
import { BulwarkError, noopLogger, type Logger } from '@bulwark/core';
import { groupClientAddress } from '@bulwark/rate-limit';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { stateOf } from '../runtime/request-state';

/** Options of {@link createOAuthRouter}. */
export interface OAuthRouterOptions {
  /** The framework-neutral endpoint from `createTokenEndpoint`. */
  readonly endpoint: TokenEndpoint;
  /**
   * Records every issuance (durably: no token leaves before its record is stored) and every
   * refusal. @defaultValue none
   */
  readonly audit?: AuditRecorder;
  /** @defaultValue a no-op logger */
  readonly logger?: Logger;
  /** @defaultValue '/oauth/token' */
  readonly tokenPath?: string;
  /** @defaultValue '/.well-known/jwks.json' */
  readonly jwksPath?: string;
  /** IPv6 prefix that counts as one address for throttling. @defaultValue 64 */
  readonly ipv6Prefix?: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Mounts the OAuth2 authorization server routes on Express:
 * `POST /oauth/token` (client credentials), `GET /.well-known/jwks.json` and
 * `GET /.well-known/oauth-authorization-server` (RFC 8414; for an issuer with a path, that path
 * is appended as §3 of the RFC describes).
 *
 * Pass it to `useBulwark(app, options, { mount: (app) => app.use(createOAuthRouter(...)) })` so it
 * gets the request id, the resolved client address and the error handler. The token route reads
 * its own body (form-encoded, at most 4 KB) and answers in the RFC 6749 §5.2 JSON format.
 *
 * @param options - The endpoint, audit recorder, logger and paths.
 * @returns An Express router.
 * @example
 * ```ts
 * const endpoint = createTokenEndpoint({ issuer, audience: 'notes-api', clients, keys });
 * useBulwark(app, options, { mount: (app) => app.use(createOAuthRouter({ endpoint, audit })) });
 * ```
 */
export function createOAuthRouter(options: OAuthRouterOptions): Router {
  const router = express.Router();
  const logger = options.logger ?? noopLogger;
  const tokenPath = options.tokenPath ?? '/oauth/token';
  const readBody = express.text({ type: () => true, limit: MAX_TOKEN_REQUEST_BYTES });

  router.post(tokenPath, readBody, (request: Request, response: Response, next: NextFunction) => {
    const address = clientAddressOf(request);
    const grouped = groupClientAddress(address, {
      ipv4Prefix: 32,
      ipv6Prefix: options.ipv6Prefix ?? 64,
    });
    const body = typeof request.body === 'string' ? request.body : '';
    options.endpoint
      .handle({ headers: request.headers, body, clientAddress: grouped })
      .then(async (answer) => {
        await record(options.audit, request, tokenPath, answer, address);
        logger.info(answer.outcome.isIssued ? 'Access token issued.' : 'Token request refused.', {
          code: answer.outcome.code,
          requestId: stateOf(request)?.requestId,
          route: `POST ${tokenPath}`,
          decision: answer.outcome.isIssued ? 'allowed' : 'refused',
        });
        response
          .status(answer.status)
          .set(answer.headers)
          .type(JSON_TYPE)
          .send(JSON.stringify(answer.body));
      })
      .catch(next);
  });
  router.use(tokenPath, bodyErrors);

  router.get(options.jwksPath ?? '/.well-known/jwks.json', (_request, response) => {
    response
      .set('Cache-Control', 'public, max-age=300')
      .type('application/jwk-set+json')
      .send(JSON.stringify(options.endpoint.jwks()));
  });
  router.get(metadataPath(options.endpoint.issuer), (_request, response) => {
    response
      .set('Cache-Control', 'public, max-age=3600')
      .type(JSON_TYPE)
      .send(JSON.stringify(options.endpoint.metadata()));
  });
  return router;
}

/**
 * The RFC 8414 §3 location of the metadata: the well-known prefix, then the issuer's path.
 *
 * @param issuer - The issuer identifier.
 * @returns The path to serve the metadata at.
 */
export function metadataPath(issuer: string): string {
  const path = new URL(issuer).pathname.replace(/\/$/, '');
  return `/.well-known/oauth-authorization-server${path}`;
}

function clientAddressOf(request: Request): string {
  return stateOf(request)?.clientAddress ?? request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

// Body-parser refusals (too large, bad charset) answer in the OAuth format, not as problems.
function bodyErrors(
  error: unknown,
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  const type = (error as { type?: unknown }).type;
  if (
    typeof type !== 'string' ||
    (!type.startsWith('entity.') &&
      type !== 'charset.unsupported' &&
      type !== 'encoding.unsupported')
  ) {
    next(error);
    return;
  }
  response
    .status(400)
    .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' })
    .type(JSON_TYPE)
    .send(
      JSON.stringify({
        error: 'invalid_request',
        error_description: 'The token request is malformed.',
        code: 'ERR_OAUTH_INVALID_REQUEST',
      }),
    );
}

async function record(
  audit: AuditRecorder | undefined,
  request: Request,
  tokenPath: string,
  answer: TokenResponse,
  address: string,
): Promise<void> {
  if (audit === undefined) return;
  const state = stateOf(request);
  const { outcome } = answer;
  const event: AuditEventInput = {
    actor: outcome.isIssued
      ? { id: outcome.clientId, kind: 'client' }
      : { id: null, kind: 'anonymous' },
    action: outcome.isIssued ? 'oauth.token.issued' : 'authn.failure',
    subject: { type: 'OAuthClient', id: outcome.clientId },
    route: `POST ${tokenPath}`,
    outcome: outcome.isIssued ? 'allowed' : 'denied',
    status: answer.status,
    reason: outcome.isIssued ? outcome.code : `${outcome.code}: ${outcome.reason}`,
    requestId: state?.requestId ?? 'unknown',
    clientAddress: address,
    userAgent: request.headers['user-agent']?.slice(0, 256) ?? null,
    durationMs: state === undefined ? 0 : Number(process.hrtime.bigint() - state.startedAt) / 1e6,
    details: outcome.isIssued ? { scopes: [...outcome.scopes], method: outcome.reason } : null,
  };
  if (state !== undefined) state.isAudited = true;
  try {
    await audit.record(event, { durable: outcome.isIssued });
  } catch (error) {
    // A token whose issuance cannot be recorded is not handed out (fail closed).
    if (outcome.isIssued) {
      throw new BulwarkError('ERR_AUDIT_UNAVAILABLE', 'The token could not be issued right now.', {
        cause: error,
      });
    }
  }
}
