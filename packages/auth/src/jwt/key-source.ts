import type { KeyObject } from 'node:crypto';
import type { JWSHeaderParameters } from 'jose';
import type { JwsAlgorithm } from './algorithms';
import type { ResolvedLocalKey } from './local-key';

/**
 * Where verification keys come from. A local key is fixed; a remote key set changes on
 * rotation, and `generation` tells caches built on its keys that they are stale.
 */
export interface KeySource {
  /** The algorithms accepted for tokens verified with this source. */
  readonly algorithms: readonly JwsAlgorithm[];
  /**
   * Picks the key for a token header whose `alg` is already known to be allowed.
   *
   * @throws TokenError when no key fits (`jwt.kid-unknown`) or the source is unreachable.
   */
  resolve(header: JWSHeaderParameters): Promise<KeyObject>;
  /** A number that changes whenever the set of keys changes. */
  generation(): number;
}

/**
 * Wraps one configured key as a {@link KeySource}. The header's `kid` is not consulted: there is
 * only one key, and a token signed by another key fails the signature check.
 *
 * @param resolved - The key and its algorithms.
 * @returns A source that always yields that key.
 */
export function localKeySource(resolved: ResolvedLocalKey): KeySource {
  return Object.freeze({
    algorithms: resolved.algorithms,
    resolve: () => Promise.resolve(resolved.key),
    generation: () => 0,
  });
}
