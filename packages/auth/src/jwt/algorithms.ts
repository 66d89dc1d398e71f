import type { KeyObject } from 'node:crypto';

/** The JWS algorithms Bulwark verifies and signs with. `none` is never among them. */
export type JwsAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512';

/** HMAC algorithms with the minimum secret length RFC 7518 §3.2 asks for, in bytes. */
export const HMAC_MIN_SECRET_BYTES: Readonly<Record<string, number>> = Object.freeze({
  HS256: 32,
  HS384: 48,
  HS512: 64,
});

const EC_CURVES: Readonly<Record<string, JwsAlgorithm>> = Object.freeze({
  prime256v1: 'ES256',
  'P-256': 'ES256',
  secp384r1: 'ES384',
  'P-384': 'ES384',
  secp521r1: 'ES512',
  'P-521': 'ES512',
});

const RSA_PSS: readonly JwsAlgorithm[] = ['PS256', 'PS384', 'PS512'];
const RSA: readonly JwsAlgorithm[] = ['RS256', 'RS384', 'RS512', ...RSA_PSS];

/**
 * Tells whether an algorithm is an HMAC (symmetric) one.
 *
 * @param algorithm - A JWS `alg` value.
 * @returns `true` for `HS256`, `HS384` and `HS512`.
 */
export function isHmacAlgorithm(algorithm: string): boolean {
  return Object.hasOwn(HMAC_MIN_SECRET_BYTES, algorithm);
}

/**
 * Lists the algorithms an asymmetric key can verify or sign with. Never an HMAC one: a public
 * key used as an HMAC secret is the classic key-confusion attack.
 *
 * @param key - A public or private asymmetric key.
 * @returns The algorithms that fit the key's type and curve; empty for unsupported keys.
 */
export function algorithmsForKey(key: KeyObject): readonly JwsAlgorithm[] {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const algorithm =
        details?.namedCurve === undefined ? undefined : EC_CURVES[details.namedCurve];
      return algorithm === undefined ? [] : [algorithm];
    }
    case 'ed25519':
      return ['EdDSA'];
    case 'rsa':
      return (details?.modulusLength ?? 0) >= 2048 ? RSA : [];
    case 'rsa-pss':
      return (details?.modulusLength ?? 0) >= 2048 ? RSA_PSS : [];
    default:
      return [];
  }
}

/**
 * Lists the algorithms a JWK from a key set may be used with, from its `kty` and `crv`.
 *
 * @param kty - The JWK key type.
 * @param crv - The JWK curve, for EC and OKP keys.
 * @returns The fitting algorithms; empty for symmetric (`oct`) or unsupported keys.
 */
export function algorithmsForJwk(kty: unknown, crv: unknown): readonly JwsAlgorithm[] {
  if (kty === 'EC' && typeof crv === 'string') {
    const algorithm = EC_CURVES[crv];
    return algorithm === undefined ? [] : [algorithm];
  }
  if (kty === 'OKP' && crv === 'Ed25519') return ['EdDSA'];
  if (kty === 'RSA') return RSA;
  return [];
}
