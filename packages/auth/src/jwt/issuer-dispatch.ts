import { BulwarkError } from '@bulwark/core';
import { decodeJwt } from 'jose';
import type { CredentialRequest } from '../authenticator';
import { readHeader, splitAuthorization, isScheme } from '../internal/headers';
import { bearerChallenge } from './bearer-challenge';
import type { JwtAuthenticator } from './jwt-authenticator';

/** Options of {@link combineJwtAuthenticators}. */
export interface CombinedJwtOptions {
  /** The scheme name routes refer to. @defaultValue 'bearer' */
  readonly scheme?: string;
  /** The realm named in `WWW-Authenticate`. @defaultValue none */
  readonly realm?: string;
}

/**
 * Accepts bearer tokens from several issuers, each verified by its own authenticator with its
 * own keys and algorithms (for example HS256 login tokens of the app and ES256 client tokens of
 * its token endpoint), under one scheme name.
 *
 * The token's unverified `iss` claim only chooses which authenticator verifies it; that
 * authenticator then checks `iss`, the signature and every other claim as usual. A forged `iss`
 * therefore leads to a verifier whose keys did not sign the token, and the token is refused.
 * Keeping one key source per authenticator is what prevents key confusion: a secret and a
 * public key never serve the same verifier.
 *
 * @param authenticators - JWT authenticators whose issuers do not overlap.
 * @param options - Scheme and realm.
 * @returns One authenticator for all of them.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when the list is empty or two accept the same issuer.
 */
export function combineJwtAuthenticators(
  authenticators: readonly JwtAuthenticator[],
  options: CombinedJwtOptions = {},
): JwtAuthenticator {
  const byIssuer = new Map<string, JwtAuthenticator>();
  const problems: string[] = [];
  if (authenticators.length === 0) problems.push('at least one authenticator is needed.');
  for (const authenticator of authenticators) {
    for (const issuer of authenticator.issuers) {
      if (byIssuer.has(issuer)) problems.push(`issuer "${issuer}" is accepted twice.`);
      byIssuer.set(issuer, authenticator);
    }
  }
  if (problems.length > 0) {
    throw new BulwarkError('ERR_CONFIG_INVALID', `Invalid combination: ${problems.join(' ')}`, {
      details: { problems },
    });
  }
  const realm = options.realm === undefined ? {} : { realm: options.realm };
  const fallback = authenticators[0] as JwtAuthenticator;

  function pick(request: CredentialRequest): JwtAuthenticator | 'unknown' {
    const header = readHeader(request, 'authorization');
    if (header.state !== 'single') return fallback;
    const { scheme, credential } = splitAuthorization(header.value);
    if (!isScheme(scheme, 'Bearer')) return fallback;
    let issuer: unknown;
    try {
      issuer = decodeJwt(credential).iss;
    } catch {
      // Malformed tokens are refused by a full verifier, with its own reason.
      return fallback;
    }
    return typeof issuer === 'string' ? (byIssuer.get(issuer) ?? 'unknown') : fallback;
  }

  return Object.freeze({
    scheme: options.scheme ?? 'bearer',
    challenge: bearerChallenge(realm),
    issuers: Object.freeze([...byIssuer.keys()]),
    authenticate: async (request: CredentialRequest) => {
      const chosen = pick(request);
      if (chosen === 'unknown') {
        throw new BulwarkError('ERR_AUTHN_INVALID', 'The access token is invalid.', {
          headers: { 'WWW-Authenticate': bearerChallenge({ ...realm, error: 'invalid_token' }) },
          reason: 'jwt.claim-iss',
        });
      }
      const principal = await chosen.authenticate(request);
      return principal === null
        ? null
        : Object.freeze({ ...principal, scheme: options.scheme ?? 'bearer' });
    },
    forget: (token: string) => authenticators.forEach((a) => a.forget(token)),
    clearCache: () => authenticators.forEach((a) => a.clearCache()),
  });
}
