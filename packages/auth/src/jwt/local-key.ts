import { createPublicKey, createSecretKey, KeyObject, X509Certificate } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { algorithmsForKey, HMAC_MIN_SECRET_BYTES, isHmacAlgorithm } from './algorithms';
import type { JwsAlgorithm } from './algorithms';
import { isWebCryptoKey, type ProblemList, type WebCryptoKey } from '../internal/options';

/** A shared secret for HMAC algorithms; a string is taken as UTF-8. */
export interface SecretKeyOption {
  readonly secret: string | Uint8Array;
}

/**
 * An asymmetric public key: a PEM (SPKI public key or X.509 certificate), a JWK, or a key
 * object (`KeyObject` or WebCrypto `CryptoKey`). A private key is accepted and only its public
 * half is used.
 */
export interface PublicKeyOption {
  readonly publicKey: string | JsonWebKey | KeyObject | WebCryptoKey;
}

/** A key resolved from options, with the algorithms it may be used with. */
export interface ResolvedLocalKey {
  readonly key: KeyObject;
  readonly algorithms: readonly JwsAlgorithm[];
}

/**
 * Turns a local key option into a key object and the algorithms allowed with it. Problems are
 * recorded, not thrown, so every option problem is reported together.
 *
 * Security: a secret only ever allows HMAC algorithms and an asymmetric key never does, so a
 * token signed with HS256 using the public key as secret cannot verify (key confusion).
 *
 * @param option - The `key` option.
 * @param requested - The `algorithms` option, when given.
 * @param problems - Where problems are recorded.
 * @returns The key and its allowed algorithms, or `undefined` when a problem was recorded.
 */
export function resolveLocalKey(
  option: SecretKeyOption | PublicKeyOption,
  requested: readonly string[] | undefined,
  problems: ProblemList,
): ResolvedLocalKey | undefined {
  if ('secret' in option) return resolveSecret(option.secret, requested, problems);
  const key = toPublicKey(option.publicKey);
  if (key === undefined) {
    problems.check(true, 'key.publicKey: not a readable public key, certificate or JWK.');
    return undefined;
  }
  const fitting = algorithmsForKey(key);
  problems.check(
    fitting.length === 0,
    'key.publicKey: unsupported key type (use EC P-256/384/521, Ed25519 or RSA ≥ 2048 bits).',
  );
  return narrow(key, fitting, requested, problems);
}

function resolveSecret(
  secret: string | Uint8Array,
  requested: readonly string[] | undefined,
  problems: ProblemList,
): ResolvedLocalKey | undefined {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const algorithms = (requested ?? ['HS256']) as JwsAlgorithm[];
  for (const algorithm of algorithms) {
    if (!isHmacAlgorithm(algorithm)) {
      problems.check(true, `algorithms: "${algorithm}" cannot be used with a shared secret.`);
      continue;
    }
    const minimum = HMAC_MIN_SECRET_BYTES[algorithm] ?? 0;
    problems.check(
      bytes.length < minimum,
      `key.secret: ${algorithm} needs a secret of at least ${minimum} bytes.`,
    );
  }
  return { key: createSecretKey(bytes), algorithms: Object.freeze([...algorithms]) };
}

function narrow(
  key: KeyObject,
  fitting: readonly JwsAlgorithm[],
  requested: readonly string[] | undefined,
  problems: ProblemList,
): ResolvedLocalKey | undefined {
  if (requested === undefined) return { key, algorithms: fitting };
  for (const algorithm of requested) {
    problems.check(
      !fitting.includes(algorithm as JwsAlgorithm),
      `algorithms: "${algorithm}" does not fit the given key (it allows ${fitting.join(', ') || 'none'}).`,
    );
  }
  return { key, algorithms: Object.freeze([...requested] as JwsAlgorithm[]) };
}

/**
 * Reads a public key from the accepted forms.
 *
 * @param input - PEM text, a JWK, a KeyObject or a CryptoKey.
 * @returns The public key, or `undefined` when the input is not a usable asymmetric key.
 */
export function toPublicKey(input: unknown): KeyObject | undefined {
  try {
    if (input instanceof KeyObject) {
      return input.type === 'secret' ? undefined : publicHalf(input);
    }
    if (typeof input === 'string') {
      if (input.includes('-----BEGIN CERTIFICATE-----')) {
        return new X509Certificate(input).publicKey;
      }
      return createPublicKey(input);
    }
    if (isWebCryptoKey(input)) return toPublicKey(KeyObject.from(input));
    if (typeof input === 'object' && input !== null) {
      if ((input as JsonWebKey).kty === 'oct') return undefined;
      return createPublicKey({ key: input as JsonWebKey, format: 'jwk' });
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function publicHalf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}
