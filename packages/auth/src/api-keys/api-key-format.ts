import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Characters of the identifier: about 95 bits, enough to never collide by chance. */
export const API_KEY_ID_LENGTH = 16;
/** Characters of the secret: 43 base62 characters carry 256 bits. */
export const API_KEY_SECRET_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;

/** The parts of a parsed API key. */
export interface ParsedApiKey {
  readonly id: string;
  /** The full key as presented; hashed, never stored. */
  readonly key: string;
}

/**
 * Tells whether a product prefix is usable: lower-case letters and digits, 2–16 long, starting
 * with a letter, so scanners can anchor on `<prefix>_`.
 *
 * @param prefix - The candidate prefix.
 * @returns `true` when usable.
 */
export function isApiKeyPrefix(prefix: unknown): prefix is string {
  return typeof prefix === 'string' && PREFIX_PATTERN.test(prefix);
}

/**
 * Generates a key `<prefix>_<id>_<secret><checksum>`: id and secret from the CSPRNG in base62,
 * and a CRC32 of everything before it (6 base62 characters), so a secret scanner can tell a
 * real key from random text without any database, and typos are refused before a lookup.
 *
 * @param prefix - The product prefix, such as `bwk`.
 * @returns The key (shown once) and its identifier (stored, public).
 */
export function generateApiKey(prefix: string): ParsedApiKey {
  const id = randomBase62(API_KEY_ID_LENGTH);
  const body = `${prefix}_${id}_${randomBase62(API_KEY_SECRET_LENGTH)}`;
  return { id, key: `${body}${checksum(body)}` };
}

/**
 * A regular expression matching keys of a prefix, for secret scanners and log scrubbing.
 *
 * @param prefix - The product prefix.
 * @returns A global regular expression.
 */
export function apiKeyPattern(prefix: string): RegExp {
  return new RegExp(
    `\\b${prefix}_[0-9A-Za-z]{${API_KEY_ID_LENGTH}}_[0-9A-Za-z]{${API_KEY_SECRET_LENGTH + CHECKSUM_LENGTH}}\\b`,
    'g',
  );
}

/**
 * Parses a presented key and checks its checksum.
 *
 * @param presented - The key as received.
 * @param prefix - The expected product prefix.
 * @returns The parts, or a reason when the key is not well formed.
 */
export function parseApiKey(
  presented: string,
  prefix: string,
): ParsedApiKey | 'malformed' | 'checksum' {
  const pattern = apiKeyPattern(prefix);
  pattern.lastIndex = 0;
  const match = pattern.exec(presented);
  if (match === null || match[0] !== presented) return 'malformed';
  const body = presented.slice(0, -CHECKSUM_LENGTH);
  if (!equalStrings(checksum(body), presented.slice(-CHECKSUM_LENGTH))) return 'checksum';
  return {
    id: presented.slice(prefix.length + 1, prefix.length + 1 + API_KEY_ID_LENGTH),
    key: presented,
  };
}

/**
 * Hashes a key for storage: SHA-256, hex.
 *
 * Why not a slow hash: the secret holds 256 random bits, so guessing it from a leaked hash is
 * infeasible whatever the hash speed, while a slow hash on every API request would hand
 * attackers a cheap way to exhaust the server.
 *
 * @param key - The full key.
 * @returns The hex digest.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Compares a presented key with a stored hash in constant time.
 *
 * @param key - The presented key.
 * @param storedHash - The stored hex digest.
 * @returns `true` when they match.
 */
export function matchesApiKeyHash(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

function checksum(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i += 1) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: rejecting higher bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
