import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { BulwarkError, parseDuration, type Duration } from '@bulwark/core';
import { SignJWT, type JWTPayload } from 'jose';
import { AUTH_DEFAULTS } from '../config/defaults';
import { isNonEmptyString, isOptionsObject, ProblemList } from '../internal/options';
import { algorithmsForKey, type JwsAlgorithm } from './algorithms';
import { resolveLocalKey, type SecretKeyOption } from './local-key';
import { toPrivateKey, type PrivateKeyInput } from './private-key';

/** Options of {@link createTokenSigner}. */
export interface TokenSignerOptions {
  /** The `iss` claim of every token. */
  readonly issuer: string;
  /** The `aud` claim of every token. */
  readonly audience: string | readonly string[];
  /** The signing key: a shared secret (HMAC) or an asymmetric private key. */
  readonly key: SecretKeyOption | { readonly privateKey: PrivateKeyInput };
  /** @defaultValue `'HS256'` for a secret, the key's natural algorithm for a private key */
  readonly algorithm?: JwsAlgorithm;
  /** The `kid` header, so verifiers holding several keys can pick this one. @defaultValue none */
  readonly keyId?: string;
  /** The `typ` header; `'at+jwt'` for RFC 9068 access tokens. @defaultValue 'JWT' */
  readonly type?: string;
  /** Milliseconds since the epoch; replaceable for tests. @defaultValue Date.now */
  readonly clock?: () => number;
}

/** Claims of a token to sign. `scope` may be a list; it is written space-separated. */
export interface TokenClaims {
  readonly sub: string;
  readonly roles?: readonly string[];
  readonly scope?: string | readonly string[];
  readonly tenant?: string;
  readonly [claim: string]: unknown;
}

/** Per-token signing options. */
export interface SignOptions {
  /** Lifetime from now. @defaultValue '15m' */
  readonly expiresIn?: Duration;
  /** Delay before the token becomes valid (`nbf`). @defaultValue none */
  readonly notBefore?: Duration;
  /** The `jti` claim. @defaultValue a random UUID */
  readonly jwtId?: string;
}

/** Signs access tokens with one key. */
export interface TokenSigner {
  readonly algorithm: JwsAlgorithm;
  /**
   * Signs a token with `iss`, `aud`, `iat`, `exp`, `jti` and the given claims. Registered claims
   * set by the signer cannot be overridden through `claims`.
   */
  sign(claims: TokenClaims, options?: SignOptions): Promise<string>;
}

const REGISTERED = ['iss', 'aud', 'iat', 'exp', 'nbf', 'jti'];

/**
 * Creates a signer for development, tests and the token endpoint: tokens it signs verify with
 * {@link createJwtAuthenticator} configured with the same issuer, audience and (public) key.
 *
 * @param options - Issuer, audience, key and algorithm.
 * @returns A signer.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when the key and algorithm do not fit together.
 * @example
 * ```ts
 * const signer = createTokenSigner({ issuer: 'dev', audience: 'notes-api', key: { secret } });
 * const token = await signer.sign({ sub: 'alice', roles: ['editor'], scope: 'notes:read' });
 * ```
 */
export function createTokenSigner(options: TokenSignerOptions): TokenSigner {
  const { key, algorithm } = checkSignerOptions(options);
  const clock = options.clock ?? Date.now;
  const header = Object.freeze({
    alg: algorithm,
    typ: options.type ?? 'JWT',
    ...(options.keyId === undefined ? {} : { kid: options.keyId }),
  });
  const audience = typeof options.audience === 'string' ? options.audience : [...options.audience];

  return Object.freeze({
    algorithm,
    async sign(claims: TokenClaims, signOptions: SignOptions = {}): Promise<string> {
      if (!isNonEmptyString(claims.sub)) {
        throw new BulwarkError('ERR_CONFIG_INVALID', 'A token needs a non-empty "sub".');
      }
      const now = clock();
      const seconds = Math.floor(now / 1000);
      const lifetime = parseDuration(signOptions.expiresIn ?? AUTH_DEFAULTS.signerExpiresIn);
      const payload: JWTPayload = { ...withoutRegistered(claims) };
      if (Array.isArray(claims.scope)) payload['scope'] = claims.scope.join(' ');
      const jwt = new SignJWT(payload)
        .setProtectedHeader(header)
        .setIssuer(options.issuer)
        .setAudience(audience)
        .setIssuedAt(seconds)
        .setExpirationTime(Math.floor((now + lifetime) / 1000))
        .setJti(signOptions.jwtId ?? randomUUID());
      if (signOptions.notBefore !== undefined) {
        jwt.setNotBefore(Math.floor((now + parseDuration(signOptions.notBefore)) / 1000));
      }
      return jwt.sign(key);
    },
  });
}

function withoutRegistered(claims: TokenClaims): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED.includes(name)));
}

function checkSignerOptions(options: TokenSignerOptions): {
  key: KeyObject;
  algorithm: JwsAlgorithm;
} {
  const problems = new ProblemList();
  const where = 'createTokenSigner';
  problems.rejectUnknownKeys(where, options, [
    'issuer',
    'audience',
    'key',
    'algorithm',
    'keyId',
    'type',
    'clock',
  ]);
  problems.check(!isNonEmptyString(options.issuer), 'issuer: a non-empty string.');
  const aud = options.audience;
  problems.check(
    !(
      isNonEmptyString(aud) ||
      (Array.isArray(aud) && aud.length > 0 && aud.every(isNonEmptyString))
    ),
    'audience: a non-empty string or list.',
  );
  for (const name of ['keyId', 'type'] as const) {
    const value = options[name];
    problems.check(value !== undefined && !isNonEmptyString(value), `${name}: a non-empty string.`);
  }
  const resolved = resolveSigningKey(options, problems);
  problems.throwIfAny(where);
  return resolved as { key: KeyObject; algorithm: JwsAlgorithm };
}

function resolveSigningKey(
  options: TokenSignerOptions,
  problems: ProblemList,
): { key: KeyObject; algorithm: JwsAlgorithm } | undefined {
  const key: unknown = options.key;
  const requested = options.algorithm === undefined ? undefined : [options.algorithm];
  if (!isOptionsObject(key) || Object.keys(key).length !== 1) {
    problems.check(true, 'key: exactly one of { secret } or { privateKey }.');
    return undefined;
  }
  if ('secret' in key) {
    const resolved = resolveLocalKey(key as unknown as SecretKeyOption, requested, problems);
    return resolved && { key: resolved.key, algorithm: resolved.algorithms[0] as JwsAlgorithm };
  }
  const privateKey = toPrivateKey(key['privateKey']);
  if (privateKey === undefined) {
    problems.check(true, 'key.privateKey: not a readable asymmetric private key.');
    return undefined;
  }
  const fitting = algorithmsForKey(privateKey);
  const algorithm = options.algorithm ?? fitting[0];
  problems.check(
    algorithm === undefined || !fitting.includes(algorithm),
    `algorithm: "${String(algorithm)}" does not fit the private key (it allows ${fitting.join(', ') || 'none'}).`,
  );
  return algorithm === undefined ? undefined : { key: privateKey, algorithm };
}
