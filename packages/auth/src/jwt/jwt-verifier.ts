import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { JWTPayload, JWSHeaderParameters } from 'jose';
import type { KeySource } from './key-source';
import { TokenError } from './token-error';
import { verificationKey } from './verification-key';

/** What the verifier checks besides the signature. */
export interface VerifierSettings {
  readonly issuer: string | readonly string[];
  readonly audience: string | readonly string[];
  readonly clockToleranceSeconds: number;
  readonly maxTokenLength: number;
  /** Required `typ` header, such as `at+jwt` (RFC 9068 §4). */
  readonly requireType: string | undefined;
  /** Claims that must be present besides `iss`, `aud` and `exp`. */
  readonly requiredClaims: readonly string[];
  /** Oldest accepted `iat`, in seconds; `undefined` does not limit age. */
  readonly maxTokenAgeSeconds: number | undefined;
  readonly clock: () => number;
}

/** A verified token: its claims and protected header. */
export interface VerifiedToken {
  readonly payload: JWTPayload;
  readonly header: JWSHeaderParameters;
}

// Three base64url segments; the signature may not be empty because `none` is never accepted.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

// Header parameters that carry or point at key material. Keys come only from configuration, so
// a token naming its own key is an attack (RFC 8725 §3.10); it is refused outright.
const KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const;

const JOSE_REASONS: Readonly<Record<string, string>> = Object.freeze({
  ERR_JWT_EXPIRED: 'jwt.expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'jwt.signature',
  ERR_JOSE_ALG_NOT_ALLOWED: 'jwt.alg-not-allowed',
  ERR_JOSE_NOT_SUPPORTED: 'jwt.alg-not-supported',
  ERR_JWS_INVALID: 'jwt.malformed',
  ERR_JWT_INVALID: 'jwt.malformed',
  ERR_JWKS_NO_MATCHING_KEY: 'jwt.kid-unknown',
});

/**
 * Verifies a compact JWS access token: size, shape, header, algorithm allow-list, signature,
 * `iss`, `aud`, `exp`, `nbf`, `iat` and optionally `typ`.
 *
 * @param token - The token as received.
 * @param keys - Where the verification key comes from.
 * @param settings - Issuer, audience, tolerance, limits and clock.
 * @returns The verified claims and header.
 * @throws TokenError with a reason naming the failed check.
 */
export async function verifyJwt(
  token: string,
  keys: KeySource,
  settings: VerifierSettings,
): Promise<VerifiedToken> {
  if (token.length > settings.maxTokenLength) throw new TokenError('jwt.too-large');
  if (!COMPACT_JWS.test(token)) throw new TokenError('jwt.malformed');
  const header = readHeader(token);
  if (typeof header.alg !== 'string' || !keys.algorithms.some((a) => a === header.alg)) {
    throw new TokenError('jwt.alg-not-allowed');
  }
  for (const name of KEY_HEADERS) {
    if (header[name] !== undefined) throw new TokenError(`jwt.header-${name}`);
  }

  const now = settings.clock();
  const result = await jwtVerify(
    token,
    async (h) => verificationKey(await keys.resolve(h), h.alg),
    {
      algorithms: [...keys.algorithms],
      issuer: settings.issuer as string | string[],
      audience: settings.audience as string | string[],
      clockTolerance: settings.clockToleranceSeconds,
      currentDate: new Date(now),
      requiredClaims: ['exp', ...settings.requiredClaims],
      ...(settings.requireType === undefined ? {} : { typ: settings.requireType }),
      ...(settings.maxTokenAgeSeconds === undefined
        ? {}
        : { maxTokenAge: settings.maxTokenAgeSeconds }),
    },
  ).catch((error: unknown) => {
    throw toTokenError(error);
  });

  const iat = result.payload.iat;
  if (iat !== undefined && iat > Math.floor(now / 1000) + settings.clockToleranceSeconds) {
    throw new TokenError('jwt.iat-in-future');
  }
  return { payload: result.payload, header: result.protectedHeader };
}

function readHeader(token: string): JWSHeaderParameters {
  try {
    return decodeProtectedHeader(token) as JWSHeaderParameters;
  } catch (error) {
    throw new TokenError('jwt.malformed', error);
  }
}

function toTokenError(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = (error as { claim?: unknown }).claim;
    return new TokenError(`jwt.claim-${typeof claim === 'string' ? claim : 'invalid'}`, error);
  }
  const reason = typeof code === 'string' ? JOSE_REASONS[code] : undefined;
  return new TokenError(reason ?? 'jwt.unverifiable', error);
}
