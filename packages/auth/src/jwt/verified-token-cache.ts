import { hash } from 'node:crypto';
import type { Principal } from '@bulwark/core';
import type { JWTPayload } from 'jose';

/** What a successful verification yields: the principal and the claims it came from. */
export interface CachedVerification {
  readonly principal: Principal;
  readonly claims: JWTPayload;
}

interface Entry {
  readonly verification: CachedVerification;
  /** Epoch ms after which the entry is unusable. */
  readonly until: number;
  /** The key-source generation the token was verified against. */
  readonly generation: number;
}

/**
 * A bounded cache of tokens that passed every check, so a client repeating the same token is
 * not verified again on each request.
 *
 * Why it is safe:
 * - Entries are keyed by the SHA-256 of the exact token string, and only fully verified tokens
 *   are stored. A changed token (tampered payload, other signature) has another hash and takes
 *   the full path; finding a different token with the same hash means breaking SHA-256. The
 *   cache holds hashes, not tokens, so its contents cannot be replayed.
 * - An entry never outlives the token's `exp` (without clock tolerance), the `maxTokenAge`
 *   bound, or the cache's own `maxAge`, whichever comes first.
 * - Entries record the key-set generation; when the key source changes (rotation, a key
 *   removed after compromise), older entries are ignored and the token is verified again.
 * - Failures are never cached, and only verified tokens are inserted, so an attacker cannot
 *   fill the cache without valid tokens; it is bounded anyway (least recently used out).
 * - A revocation check, when configured, runs on every request, cache hit or not.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * @param maxEntries - The most tokens kept.
   * @param maxAgeMs - The longest an entry is kept, in ms.
   */
  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
  ) {}

  /** Number of entries held, expired ones included until they are next looked up. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Hashes a token into its cache key.
   *
   * @param token - The token as received.
   * @returns The base64url SHA-256 of the token.
   */
  static keyOf(token: string): string {
    // The one-shot digest costs about half of a createHash() stream for a token-sized input.
    return hash('sha256', token, 'base64url');
  }

  /**
   * Returns the principal of a previously verified token, if its entry is still valid.
   *
   * @param key - The token's cache key.
   * @param now - Epoch ms.
   * @param generation - The key source's current generation.
   * @returns The principal and claims, or `undefined` to verify the token in full.
   */
  get(key: string, now: number, generation: number): CachedVerification | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (now >= entry.until || entry.generation !== generation) return undefined;
    this.entries.set(key, entry);
    return entry.verification;
  }

  /**
   * Stores the principal of a token that passed every check.
   *
   * @param key - The token's cache key.
   * @param verification - The frozen principal and its claims.
   * @param bounds - Epoch-ms limits the entry must not outlive (`exp`, `iat + maxTokenAge`).
   * @param now - Epoch ms.
   * @param generation - The key source's generation the token was verified against.
   */
  set(
    key: string,
    verification: CachedVerification,
    bounds: readonly number[],
    now: number,
    generation: number,
  ): void {
    const until = Math.min(now + this.maxAgeMs, ...bounds);
    if (until <= now || this.maxEntries === 0) return;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { verification, until, generation });
  }

  /**
   * Drops one token's entry.
   *
   * @param key - The token's cache key.
   */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }
}
