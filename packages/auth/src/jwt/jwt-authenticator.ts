import { BulwarkError, createPrincipal } from '@bulwark/core';
import type { Duration, Principal, PrincipalInit } from '@bulwark/core';
import type { JWTPayload } from 'jose';
import type { Authenticator, CredentialRequest } from '../authenticator';
import { AUTH_DEFAULTS } from '../config/defaults';
import { isScheme, readHeader, splitAuthorization } from '../internal/headers';
import type { JwsAlgorithm } from './algorithms';
import { bearerChallenge, type BearerErrorCode } from './bearer-challenge';
import { claimsToPrincipal, type ClaimsMapper, type ClaimsMapping } from './claims-to-principal';
import type { KeySource } from './key-source';
import { VerifiedTokenCache, type CachedVerification } from './verified-token-cache';
import type { JwtKeyOption } from './jwt-key-source';
import { checkJwtOptions, type CheckedJwtOptions } from './jwt-options';
import { TokenError } from './token-error';
import { verifyJwt, type VerifierSettings } from './jwt-verifier';

/** Options of {@link createJwtAuthenticator}. */
export interface JwtAuthenticatorOptions {
  /** Accepted `iss` value(s); required. */
  readonly issuer: string | readonly string[];
  /** Accepted `aud` value(s); the token must name at least one. Required. */
  readonly audience: string | readonly string[];
  /**
   * The verification key: a shared secret, a public key, a fixed JWKS, or a JWKS URL (fetched,
   * cached, refreshed on unknown `kid` at most once per cooldown).
   */
  readonly key: JwtKeyOption;
  /**
   * Algorithms accepted; each must fit the key. @defaultValue `['HS256']` for a secret, the
   * key's own algorithm(s) for a public key
   */
  readonly algorithms?: readonly JwsAlgorithm[];
  /** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds (0–300). @defaultValue 5 */
  readonly clockTolerance?: number;
  /** Longest token accepted, in characters. @defaultValue 8192 */
  readonly maxTokenLength?: number;
  /** Required `typ` header; `'at+jwt'` enforces RFC 9068 access tokens. @defaultValue none */
  readonly requireType?: string;
  /** Claims required besides `iss`, `aud`, `exp` (and `sub`, which the mapping needs). @defaultValue [] */
  readonly requiredClaims?: readonly string[];
  /** Oldest accepted token by `iat`; makes `iat` required. @defaultValue no limit */
  readonly maxTokenAge?: Duration;
  /** Where principal fields come from in the claims. */
  readonly claims?: ClaimsMapping;
  /** A custom mapping applied after the default one. */
  readonly mapClaims?: ClaimsMapper;
  /** The realm named in `WWW-Authenticate`. @defaultValue none */
  readonly realm?: string;
  /** The scheme name routes refer to. @defaultValue 'bearer' */
  readonly scheme?: string;
  /** Milliseconds since the epoch; replaceable for tests. @defaultValue Date.now */
  readonly clock?: () => number;
  /**
   * Remembers verified tokens by their SHA-256 so repeated requests skip verification; see
   * {@link VerifiedTokenCache} for why this is safe. `false` turns it off.
   * @defaultValue `{ maxEntries: 10000, maxAge: '5m' }`
   */
  readonly cache?: false | { readonly maxEntries?: number; readonly maxAge?: Duration };
  /**
   * Tells whether a verified token was revoked (for example its `jti` is on a deny list). Runs
   * on every request, including cache hits. Throwing refuses the token (fail closed).
   * @defaultValue none
   */
  readonly isRevoked?: (claims: JWTPayload) => boolean | Promise<boolean>;
}

/** The bearer authenticator, with control over its verified-token cache. */
export interface JwtAuthenticator extends Authenticator {
  /** The `iss` values this authenticator accepts. */
  readonly issuers: readonly string[];
  /**
   * Forgets a token's cached verification, so its next use is verified in full.
   *
   * @param token - The token as the client sends it.
   */
  forget(token: string): void;
  /** Forgets every cached verification. */
  clearCache(): void;
}

/**
 * Creates the Bearer JWT authenticator (RFC 6750) verifying tokens with `jose`.
 *
 * Checks, in order: the token is in the `Authorization` header (never the query string), at most
 * `maxTokenLength` long, a compact JWS whose `alg` is on the allow-list and whose header names
 * no key of its own (`jku`, `x5u`, `jwk`, `x5c`); then the signature, `iss`, `aud`, `exp`,
 * `nbf`, `iat` (with `clockTolerance`), `typ` when required, and the claim types the mapping
 * reads. Any failure throws `ERR_AUTHN_INVALID` with a `WWW-Authenticate: Bearer ...
 * error="invalid_token"` header and a `reason` naming the check for the audit record.
 *
 * Security: `none` is never accepted, and a secret allows only HMAC algorithms while a public
 * key never does (key confusion is refused both here and by `jose`).
 *
 * @param options - Issuer, audience, key and checks.
 * @returns An authenticator for the `bearer` scheme.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem with the options.
 * @example
 * ```ts
 * const bearer = createJwtAuthenticator({
 *   issuer: 'https://id.example.com/',
 *   audience: 'notes-api',
 *   key: { publicKey: process.env.JWT_PUBLIC_KEY_PEM! },
 * });
 * ```
 */
export function createJwtAuthenticator(options: JwtAuthenticatorOptions): JwtAuthenticator {
  const checked = checkJwtOptions(options, 'createJwtAuthenticator');
  return new BearerJwtAuthenticator(checked, options);
}

class BearerJwtAuthenticator implements JwtAuthenticator {
  readonly scheme: string;
  readonly issuers: readonly string[];
  readonly challenge: string;
  private readonly realm: string | undefined;
  private readonly mapping: Required<Omit<ClaimsMapping, 'kind'>> & Pick<ClaimsMapping, 'kind'>;
  private readonly mapClaims: ClaimsMapper | undefined;
  private readonly isRevoked: JwtAuthenticatorOptions['isRevoked'];
  private readonly keys: KeySource;
  private readonly settings: VerifierSettings;
  private readonly cache: VerifiedTokenCache | undefined;

  constructor(checked: CheckedJwtOptions, options: JwtAuthenticatorOptions) {
    this.keys = checked.keys;
    this.settings = checked.settings;
    this.cache = checked.cache;
    this.isRevoked = options.isRevoked;
    this.scheme = options.scheme ?? 'bearer';
    const issuer = checked.settings.issuer;
    this.issuers = Object.freeze(typeof issuer === 'string' ? [issuer] : [...issuer]);
    this.realm = options.realm;
    this.challenge = bearerChallenge(this.realm === undefined ? {} : { realm: this.realm });
    this.mapping = Object.freeze({
      rolesClaim: options.claims?.rolesClaim ?? AUTH_DEFAULTS.rolesClaim,
      tenantClaim: options.claims?.tenantClaim ?? AUTH_DEFAULTS.tenantClaim,
      attributeClaims: Object.freeze([...(options.claims?.attributeClaims ?? [])]),
      ...(options.claims?.kind === undefined ? {} : { kind: options.claims.kind }),
    });
    this.mapClaims = options.mapClaims;
    Object.freeze(this);
  }

  async authenticate(request: CredentialRequest): Promise<Principal | null> {
    if (Object.hasOwn(request.query, 'access_token')) {
      throw this.refuse('invalid_request', 'bearer.query-string');
    }
    const header = readHeader(request, 'authorization');
    if (header.state === 'absent') return null;
    if (header.state === 'repeated') throw this.refuse('invalid_request', 'bearer.repeated-header');
    const { scheme, credential } = splitAuthorization(header.value);
    if (!isScheme(scheme, 'Bearer')) return null;
    if (credential.length === 0) throw this.refuse('invalid_request', 'bearer.empty');

    try {
      const { principal, claims } = await this.verify(credential);
      if (this.isRevoked !== undefined && (await this.isRevoked(claims))) {
        this.forget(credential);
        throw new TokenError('jwt.revoked');
      }
      return principal;
    } catch (error) {
      const reason = error instanceof TokenError ? error.reason : 'claims.invalid';
      throw this.refuse('invalid_token', reason);
    }
  }

  authenticateNow(request: CredentialRequest): Principal | null | undefined {
    // With a revocation hook every request waits for it; only a cache hit is answered here.
    if (this.cache === undefined || this.isRevoked !== undefined) return undefined;
    if (Object.hasOwn(request.query, 'access_token')) return undefined;
    const header = readHeader(request, 'authorization');
    if (header.state === 'absent') return null;
    if (header.state === 'repeated') return undefined;
    const { scheme, credential } = splitAuthorization(header.value);
    if (!isScheme(scheme, 'Bearer')) return null;
    if (credential.length === 0 || credential.length > this.settings.maxTokenLength)
      return undefined;
    const key = VerifiedTokenCache.keyOf(credential);
    return this.cache.get(key, this.settings.clock(), this.keys.generation())?.principal;
  }

  forget(token: string): void {
    this.cache?.delete(VerifiedTokenCache.keyOf(token));
  }

  clearCache(): void {
    this.cache?.clear();
  }

  private async verify(token: string): Promise<CachedVerification> {
    // The size bound comes first so an oversized token is not even hashed.
    if (token.length > this.settings.maxTokenLength) throw new TokenError('jwt.too-large');
    const cache = this.cache;
    const key = cache === undefined ? '' : VerifiedTokenCache.keyOf(token);
    const generation = this.keys.generation();
    const hit = cache?.get(key, this.settings.clock(), generation);
    if (hit !== undefined) return hit;

    const { payload } = await verifyJwt(token, this.keys, this.settings);
    const verified = { principal: createPrincipal(this.toPrincipal(payload)), claims: payload };
    cache?.set(key, verified, this.lifetimeBounds(payload), this.settings.clock(), generation);
    return verified;
  }

  private lifetimeBounds(payload: JWTPayload): number[] {
    const bounds = [(payload.exp as number) * 1000];
    const maxAge = this.settings.maxTokenAgeSeconds;
    if (maxAge !== undefined) bounds.push(((payload.iat as number) + maxAge) * 1000);
    return bounds;
  }

  private toPrincipal(payload: JWTPayload): PrincipalInit {
    const defaults = claimsToPrincipal(payload, this.scheme, this.mapping);
    if (this.mapClaims === undefined) return defaults;
    const mapped = this.mapClaims(payload, defaults);
    // The scheme is fixed by the authenticator; a mapper cannot claim another one.
    return { ...mapped, scheme: this.scheme };
  }

  // The jose error is not attached as `cause`: it can carry the token's claims, which are
  // personal data; `reason` names the failed check, which is all the audit record needs.
  private refuse(error: BearerErrorCode, reason: string): BulwarkError {
    const challenge = bearerChallenge({
      ...(this.realm === undefined ? {} : { realm: this.realm }),
      error,
    });
    return new BulwarkError(
      'ERR_AUTHN_INVALID',
      error === 'invalid_request'
        ? 'The bearer token was sent in a way that is not accepted.'
        : 'The access token is invalid.',
      {
        headers: { 'WWW-Authenticate': challenge },
        reason,
        ...(error === 'invalid_request' ? { status: 400 } : {}),
      },
    );
  }
}
