import { createHash } from 'node:crypto';
import { BulwarkError } from '@bulwark/core';
import type { DoubleCsrfUtilities } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import type { ResolvedCsrf } from '../config/resolve-hardening';
import { loadOnFirstUse } from '../internal/load-on-first-use';
import { isSecureRequest } from './request-protocol';

/** Refuses a request that fails the CSRF checks; runs before authentication. */
export type CsrfCheck = (request: Request) => void;

const utilities = new WeakMap<ResolvedCsrf, DoubleCsrfUtilities>();
const csrfCsrf = loadOnFirstUse(() => require('csrf-csrf') as typeof import('csrf-csrf'));

/**
 * Builds the CSRF check of one state-changing route that accepts cookie credentials. A request
 * carrying none of the credential cookies passes untouched (it authenticates by header, which a
 * cross-site page cannot make a browser send). One carrying a credential cookie must pass both:
 *
 * 1. Origin: `Origin` equals the service's own origin or a trusted origin; without `Origin`,
 *    `Sec-Fetch-Site` must be `same-origin`; with neither header the request is refused.
 * 2. Token: the token header equals the token cookie and its HMAC verifies under the secret,
 *    bound to the session cookies (csrf-csrf's signed double-submit), so a token stolen for one
 *    session is useless in another and a planted cookie without the secret is useless.
 *
 * Limitation: the service's own origin is rebuilt from the `Host` header and the request's
 * protocol. A proxy that rewrites `Host` to an internal name makes same-origin requests look
 * foreign, and they are refused (the safe side) until the public origin is listed in
 * `csrf.trustedOrigins`; a setting for the public origin would remove the need.
 *
 * @param csrf - The resolved CSRF settings.
 * @param cookieNames - The credential cookies of the route's schemes.
 * @returns The check, or `null` when the route accepts no cookie credential.
 * @throws BulwarkError `ERR_CSRF_FAILED` from the check.
 */
export function createCsrfCheck(
  csrf: ResolvedCsrf,
  cookieNames: readonly string[],
): CsrfCheck | null {
  if (cookieNames.length === 0) return null;
  const tokens = csrfUtilities(csrf);
  return (request) => {
    if (!hasCredentialCookie(request, cookieNames)) return;
    checkOrigin(request, csrf.trustedOrigins);
    if (!tokens.validateRequest(request))
      throw refusal('CSRF token missing, mismatched or not signed for this session');
  };
}

/**
 * Builds the handler of `GET <tokenPath>`: sets the token cookie and answers `{ token }`, which
 * the client sends back in the token header. It needs a credential cookie, since the token is
 * bound to the session.
 *
 * @param csrf - The resolved CSRF settings.
 * @returns An Express handler.
 * @throws BulwarkError `ERR_AUTHN_REQUIRED` (through `next`) without a credential cookie.
 */
export function createCsrfTokenHandler(csrf: ResolvedCsrf) {
  const tokens = csrfUtilities(csrf);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!hasCredentialCookie(request, csrf.credentialCookies)) {
      next(new BulwarkError('ERR_AUTHN_REQUIRED', 'A session cookie is needed for a CSRF token.'));
      return;
    }
    const token = tokens.generateCsrfToken(request, response, { overwrite: true });
    response.set('Cache-Control', 'no-store');
    response.json({ token });
  };
}

function csrfUtilities(csrf: ResolvedCsrf): DoubleCsrfUtilities {
  const known = utilities.get(csrf);
  if (known !== undefined) return known;
  const created = csrfCsrf().doubleCsrf({
    getSecret: () => [...csrf.secrets],
    getSessionIdentifier: (request) => sessionIdentifier(request, csrf.credentialCookies),
    cookieName: csrf.cookieName,
    cookieOptions: { sameSite: 'strict', path: '/', secure: true, httpOnly: true },
    getCsrfTokenFromRequest: (request) => {
      const value = request.headers[csrf.headerName];
      return typeof value === 'string' ? value : null;
    },
  });
  utilities.set(csrf, created);
  return created;
}

/** A digest of the credential cookies, so the token never embeds the session value itself. */
function sessionIdentifier(request: Request, cookieNames: readonly string[]): string {
  const cookies = cookiesOf(request);
  const hash = createHash('sha256');
  for (const name of [...cookieNames].sort()) {
    const value = cookies[name];
    if (typeof value === 'string') hash.update(`${name}=${value}\n`);
  }
  return hash.digest('base64url');
}

function hasCredentialCookie(request: Request, cookieNames: readonly string[]): boolean {
  const cookies = cookiesOf(request);
  return cookieNames.some((name) => typeof cookies[name] === 'string');
}

function cookiesOf(request: Request): Readonly<Record<string, unknown>> {
  return (request.cookies ?? {}) as Readonly<Record<string, unknown>>;
}

function checkOrigin(request: Request, trustedOrigins: readonly string[]): void {
  const origin = request.headers.origin;
  if (typeof origin === 'string') {
    const own = `${isSecureRequest(request) ? 'https' : 'http'}://${request.headers.host ?? ''}`;
    if (origin === own || trustedOrigins.includes(origin)) return;
    throw refusal(`origin ${origin.slice(0, 100)} is not allowed`);
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'same-origin') return;
  throw refusal(
    site === undefined
      ? 'neither Origin nor Sec-Fetch-Site was sent'
      : `Sec-Fetch-Site is ${String(site).slice(0, 20)}`,
  );
}

function refusal(reason: string): BulwarkError {
  return new BulwarkError('ERR_CSRF_FAILED', 'Cross-site request refused.', { reason });
}
