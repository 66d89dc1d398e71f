import { createHash, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { BulwarkError, parseDuration, type Duration } from '@bulwark/core';
import { algorithmsForKey } from '../jwt/algorithms';
import type { JsonWebKeySet } from '../jwt/jwk-set';
import { toPrivateKey, type PrivateKeyInput } from '../jwt/private-key';

/** The algorithms the token endpoint signs with: asymmetric only, so resource servers need no secret. */
export type IssuerAlgorithm = 'ES256' | 'EdDSA';

/** A signing key as configured, for example loaded from a secret manager. */
export interface SigningKeyInit {
  readonly privateKey: PrivateKeyInput;
  /** When the key stopped signing (epoch ms); absent for the current key. */
  readonly retiredAt?: number;
}

/** Options of {@link createSigningKeyRing}. */
export interface SigningKeyRingOptions {
  /** @defaultValue 'ES256' */
  readonly algorithm?: IssuerAlgorithm;
  /**
   * Keys to start with, newest last; the last one without `retiredAt` signs. @defaultValue one
   * freshly generated key
   */
  readonly keys?: readonly SigningKeyInit[];
  /**
   * How long a retired key stays published, so tokens it signed keep verifying. Must be at least
   * the longest token lifetime plus the verifiers' clock tolerance. @defaultValue '70m'
   */
  readonly retainRetiredFor?: Duration;
  /** @defaultValue Date.now */
  readonly clock?: () => number;
}

/** One key of the ring. */
export interface SigningKey {
  readonly kid: string;
  readonly algorithm: IssuerAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicJwk: Readonly<JsonWebKey>;
  readonly retiredAt: number | undefined;
}

/**
 * The token endpoint's signing keys: one current key and the retired keys still published.
 *
 * Limitation: rotation state lives in this process. Several instances must be given the same
 * `keys` from configuration and rotated by deploying a new list (new key last, previous key
 * with `retiredAt`); calling `rotate()` on one instance does not reach the others. Meanwhile
 * every instance publishes and signs only with what it was given, which stays consistent.
 */
export class SigningKeyRing {
  readonly retainRetiredForMs: number;
  private keys: SigningKey[];
  private published: JsonWebKeySet | undefined;
  private readonly clock: () => number;
  private readonly algorithm: IssuerAlgorithm;

  /** @param options - Algorithm, initial keys, retention and clock. */
  constructor(options: SigningKeyRingOptions = {}) {
    this.algorithm = options.algorithm ?? 'ES256';
    this.clock = options.clock ?? Date.now;
    this.retainRetiredForMs = parseDuration(options.retainRetiredFor ?? '70m');
    const inits = options.keys ?? [{ privateKey: generate(this.algorithm) }];
    this.keys = inits.map((init, i) => toSigningKey(init, this.algorithm, `keys[${i}]`));
    if (this.keys.filter((k) => k.retiredAt === undefined).length !== 1) {
      throw new BulwarkError(
        'ERR_CONFIG_INVALID',
        'Exactly one signing key must be current (no retiredAt).',
      );
    }
  }

  /** The key that signs new tokens. */
  current(): SigningKey {
    return this.keys.find((k) => k.retiredAt === undefined) as SigningKey;
  }

  /**
   * Makes a new key current and retires the previous one, which stays published for
   * `retainRetiredFor` so tokens it signed keep verifying until they expire.
   *
   * @param privateKey - The new key. @defaultValue a freshly generated key
   * @returns The new current key.
   */
  rotate(privateKey?: PrivateKeyInput): SigningKey {
    const next = toSigningKey(
      { privateKey: privateKey ?? generate(this.algorithm) },
      this.algorithm,
      'rotate',
    );
    const now = this.clock();
    this.keys = [
      ...this.keys.map((k) => (k.retiredAt === undefined ? { ...k, retiredAt: now } : k)),
      next,
    ];
    this.published = undefined;
    return next;
  }

  /**
   * The public keys to publish: the current key and retired keys still within retention.
   * Returns the same frozen object until the published set changes.
   */
  jwks(): JsonWebKeySet {
    const now = this.clock();
    const live = this.keys.filter(
      (k) => k.retiredAt === undefined || now - k.retiredAt < this.retainRetiredForMs,
    );
    if (live.length !== this.keys.length) {
      this.keys = live;
      this.published = undefined;
    }
    this.published ??= Object.freeze({ keys: Object.freeze(live.map((k) => k.publicJwk)) });
    return this.published;
  }
}

/**
 * Creates a {@link SigningKeyRing}.
 *
 * @param options - Algorithm, initial keys, retention and clock.
 * @returns The ring.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when a key is unreadable or of another algorithm.
 */
export function createSigningKeyRing(options: SigningKeyRingOptions = {}): SigningKeyRing {
  return new SigningKeyRing(options);
}

function generate(algorithm: IssuerAlgorithm): KeyObject {
  return algorithm === 'EdDSA'
    ? generateKeyPairSync('ed25519').privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

function toSigningKey(init: SigningKeyInit, algorithm: IssuerAlgorithm, where: string): SigningKey {
  const privateKey = toPrivateKey(init.privateKey);
  if (privateKey === undefined || !algorithmsForKey(privateKey).includes(algorithm)) {
    throw new BulwarkError('ERR_CONFIG_INVALID', `${where}: not a private key for ${algorithm}.`);
  }
  const { kty, crv, x, y } = privateKey.export({ format: 'jwk' });
  const kid = thumbprint({ kty, crv, x, y });
  const publicJwk = Object.freeze(
    Object.fromEntries(
      Object.entries({ kty, crv, x, y, kid, alg: algorithm, use: 'sig' }).filter(
        ([, v]) => v !== undefined,
      ),
    ),
  ) as JsonWebKey;
  return Object.freeze({ kid, algorithm, privateKey, publicJwk, retiredAt: init.retiredAt });
}

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order. */
function thumbprint(members: Record<string, string | undefined>): string {
  const required = Object.keys(members)
    .filter((name) => members[name] !== undefined)
    .sort();
  const canonical = `{${required.map((name) => `"${name}":"${members[name] as string}"`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}
