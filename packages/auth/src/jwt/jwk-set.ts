import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { algorithmsForJwk, type JwsAlgorithm } from './algorithms';
import { TokenError } from './token-error';

/** A JSON Web Key Set (RFC 7517 §5). */
export interface JsonWebKeySet {
  readonly keys: readonly JsonWebKey[];
}

/** One usable verification key of a set. */
interface IndexedKey {
  readonly kid: string | undefined;
  readonly key: KeyObject;
  readonly algorithms: readonly JwsAlgorithm[];
}

/** The usable keys of a JWKS, ready for lookup by `kid` and `alg`. */
export interface KeySetIndex {
  /** Changes exactly when the usable keys change. */
  readonly fingerprint: string;
  readonly size: number;
  /**
   * Picks the key for a token header.
   *
   * @returns The key, or `undefined` when no key has the token's `kid`.
   * @throws TokenError `jwt.kid-required` when the token has no `kid` and several keys fit,
   *   `jwt.alg-key-mismatch` when the `kid` names a key of another type than `alg`.
   */
  select(kid: string | undefined, alg: string): KeyObject | undefined;
}

/** The most keys read from one set; a larger set is cut, to bound the work per refresh. */
export const MAX_KEYS_PER_SET = 64;

/**
 * Indexes the verification keys of a JWKS, skipping every key that cannot safely verify a
 * signature with one of the allowed algorithms: symmetric (`oct`) keys, keys marked for
 * encryption (`use: "enc"`, `key_ops` without `verify`), unsupported types, and keys whose `alg`
 * does not fit their type.
 *
 * Security: each key is bound to the algorithms its type allows (and to its own `alg` when it
 * states one), so a token cannot pick an algorithm that reinterprets the key (key confusion).
 *
 * @param set - The parsed JWKS.
 * @param allowed - The algorithms the authenticator accepts.
 * @returns An index of the usable keys.
 */
export function indexKeySet(set: unknown, allowed: readonly JwsAlgorithm[]): KeySetIndex {
  const jwks = set as { keys?: unknown };
  const entries = Array.isArray(jwks?.keys) ? (jwks.keys as unknown[]) : [];
  const keys: IndexedKey[] = [];
  for (const entry of entries.slice(0, MAX_KEYS_PER_SET)) {
    const indexed = indexKey(entry, allowed);
    if (indexed !== undefined) keys.push(indexed);
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k.kid, k.algorithms, k.key.export({ format: 'jwk' })])))
    .digest('base64url');
  const index: KeySetIndex = {
    fingerprint,
    size: keys.length,
    select: (kid, alg) => select(keys, kid, alg),
  };
  return Object.freeze(index);
}

function indexKey(entry: unknown, allowed: readonly JwsAlgorithm[]): IndexedKey | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const jwk = entry as JsonWebKey & {
    use?: unknown;
    key_ops?: unknown;
    kid?: unknown;
    alg?: unknown;
  };
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  if (
    jwk.key_ops !== undefined &&
    !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))
  ) {
    return undefined;
  }
  const fitting = algorithmsForJwk(jwk.kty, jwk.crv).filter((a) => allowed.includes(a));
  const algorithms = jwk.alg === undefined ? fitting : fitting.filter((a) => a === jwk.alg);
  if (algorithms.length === 0) return undefined;
  try {
    const { kty, crv, x, y, n, e } = jwk;
    const publicOnly = Object.fromEntries(
      Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined),
    ) as JsonWebKey;
    const key = createPublicKey({ key: publicOnly, format: 'jwk' });
    return { kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, key, algorithms };
  } catch {
    return undefined;
  }
}

function select(
  keys: readonly IndexedKey[],
  kid: string | undefined,
  alg: string,
): KeyObject | undefined {
  const candidates = kid === undefined ? keys : keys.filter((k) => k.kid === kid);
  if (candidates.length === 0) return undefined;
  const fitting = candidates.filter((k) => k.algorithms.some((a) => a === alg));
  if (fitting.length === 0) throw new TokenError('jwt.alg-key-mismatch');
  // Without a kid, several fitting keys leave the choice to the attacker's header; refuse.
  if (fitting.length > 1)
    throw new TokenError(kid === undefined ? 'jwt.kid-required' : 'jwt.kid-duplicate');
  return (fitting[0] as IndexedKey).key;
}
