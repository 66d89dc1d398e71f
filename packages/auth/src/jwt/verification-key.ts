import { webcrypto, type KeyObject } from 'node:crypto';
import { importJWK, type JWK } from 'jose';

type VerificationKey = webcrypto.CryptoKey | KeyObject;

/**
 * WebCrypto keys made from the configured keys, per key object and algorithm. jose 6 verifies
 * with WebCrypto; handed a Node `KeyObject` it converts the key again on every call, which
 * makes a full verification cost about twice what it costs with a key converted once.
 * Key objects come from the key source, which makes each once (a local key at start-up, a JWKS
 * key when its set is fetched), so the map is keyed by them and forgets with them.
 */
const converted = new WeakMap<KeyObject, Map<string, Promise<VerificationKey>>>();

const HMAC_HASHES: Readonly<Record<string, string>> = Object.freeze({
  HS256: 'SHA-256',
  HS384: 'SHA-384',
  HS512: 'SHA-512',
});

/**
 * The key to verify a token signed with `alg`, converted once to a WebCrypto key usable for
 * that algorithm only.
 *
 * Security: the converted key is bound to the one algorithm the token's header names (already
 * checked against the allow-list and the key type), and jose checks that binding again; a
 * conversion that fails leaves the key object as it is, which jose converts and checks itself.
 *
 * @param key - The resolved key object.
 * @param alg - The token's `alg`.
 * @returns The WebCrypto key, or the key object when it cannot be converted.
 */
export function verificationKey(key: KeyObject, alg: string): Promise<VerificationKey> {
  let byAlgorithm = converted.get(key);
  if (byAlgorithm === undefined) {
    byAlgorithm = new Map();
    converted.set(key, byAlgorithm);
  }
  let pending = byAlgorithm.get(alg);
  if (pending === undefined) {
    pending = convert(key, alg).catch(() => key);
    byAlgorithm.set(alg, pending);
  }
  return pending;
}

async function convert(key: KeyObject, alg: string): Promise<VerificationKey> {
  const hash = HMAC_HASHES[alg];
  if (key.type === 'secret') {
    if (hash === undefined) return key;
    return webcrypto.subtle.importKey('raw', key.export(), { name: 'HMAC', hash }, false, [
      'verify',
    ]);
  }
  if (key.type !== 'public' || hash !== undefined) return key;
  const imported = await importJWK(key.export({ format: 'jwk' }) as JWK, alg);
  return imported instanceof Uint8Array ? key : (imported as webcrypto.CryptoKey);
}
