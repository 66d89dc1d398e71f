import { BulwarkError } from '@bulwark/core';
import { bearerChallenge } from './bearer-challenge';

/** Options of {@link insufficientScopeError}. */
export interface InsufficientScopeOptions {
  /** The realm of the bearer challenge. @defaultValue none */
  readonly realm?: string;
  /** Which check failed, for the audit record only. @defaultValue 'scope.missing' */
  readonly reason?: string;
}

/**
 * Builds the refusal for a valid token that lacks a scope the route needs: 403
 * `ERR_AUTHZ_SCOPE_INSUFFICIENT` with `WWW-Authenticate: Bearer error="insufficient_scope",
 * scope="..."` as RFC 6750 §3.1 describes.
 *
 * @param required - The scopes the route needs; named in the challenge so the client can ask
 *   for them.
 * @param options - Realm and audit reason.
 * @returns The error for the runtime to throw.
 * @example
 * ```ts
 * if (!principal.scopes.includes('notes:write')) throw insufficientScopeError(['notes:write']);
 * ```
 */
export function insufficientScopeError(
  required: readonly string[],
  options: InsufficientScopeOptions = {},
): BulwarkError {
  const challenge = bearerChallenge({
    ...(options.realm === undefined ? {} : { realm: options.realm }),
    error: 'insufficient_scope',
    scope: required,
  });
  return new BulwarkError(
    'ERR_AUTHZ_SCOPE_INSUFFICIENT',
    'The access token lacks a required scope.',
    {
      headers: { 'WWW-Authenticate': challenge },
      details: { requiredScopes: [...required] },
      reason: options.reason ?? 'scope.missing',
    },
  );
}
