import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Cost parameters of scrypt (RFC 7914). */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/**
 * The default scrypt cost: N = 2^15, r = 8, p = 1, about 32 MiB and tens of milliseconds per
 * hash. Client secrets are random 256-bit values, so the slow hash is a second line of defence
 * for a leaked table, not the main one; this cost keeps a token request cheap enough not to
 * become a denial-of-service lever while still making offline guessing expensive.
 */
export const DEFAULT_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = 'scrypt';

/**
 * Hashes a secret with scrypt and a random salt. The result records the parameters, so they can
 * be raised later without invalidating stored hashes.
 *
 * Why scrypt from `node:crypto` and no library: it is built into Node, runs on the libuv thread
 * pool without blocking the event loop, is a memory-hard KDF accepted for this purpose, and
 * adds no native dependency to install or audit.
 *
 * @param secret - The secret as shown to its owner.
 * @param params - Cost parameters. @defaultValue {@link DEFAULT_SCRYPT}
 * @returns `scrypt$N$r$p$<salt>$<hash>` with base64url salt and hash.
 */
export async function hashSecret(
  secret: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const derived = await derive(secret, salt, params);
  return [
    PREFIX,
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    derived.toString('base64url'),
  ].join('$');
}

/**
 * Checks a secret against a stored hash in constant time (for a given hash). A malformed hash
 * never matches.
 *
 * @param secret - The presented secret.
 * @param stored - A hash from {@link hashSecret}.
 * @returns `true` when the secret matches.
 */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) return false;
  const derived = await derive(secret, parsed.salt, parsed.params);
  return derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
}

/**
 * Tells whether a stored hash uses weaker parameters than the given ones, so it can be
 * re-hashed on the next successful verification.
 *
 * @param stored - A hash from {@link hashSecret}.
 * @param params - The parameters now wanted.
 * @returns `true` when the stored cost is lower or the hash is unreadable.
 */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return (
    parsed === undefined ||
    parsed.params.N < params.N ||
    parsed.params.r < params.r ||
    parsed.params.p < params.p
  );
}

function derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const maxmem = 256 * params.N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

function parseHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const parts = typeof stored === 'string' ? stored.split('$') : [];
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const isPowerOfTwo = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0 && N <= 2 ** 20;
  if (
    !isPowerOfTwo ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > 32 ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > 16
  ) {
    return undefined;
  }
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const hash = Buffer.from(parts[5] as string, 'base64url');
  if (salt.length < 8 || hash.length !== KEY_LENGTH) return undefined;
  return { params: { N, r, p }, salt, hash };
}
