import type { KeyObject } from 'node:crypto';
import type { JWSHeaderParameters } from 'jose';
import type { JwsAlgorithm } from './algorithms';
import { indexKeySet, type KeySetIndex } from './jwk-set';
import type { KeySource } from './key-source';
import { TokenError } from './token-error';

/** A `fetch`-compatible function, replaceable in tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Settings of a remote key set, already checked. */
export interface RemoteKeySetSettings {
  readonly url: URL;
  readonly algorithms: readonly JwsAlgorithm[];
  /** How long a fetched set is used before it is fetched again, in ms. */
  readonly cacheMaxAgeMs: number;
  /** The least time between two fetches, in ms, whatever triggers them. */
  readonly cooldownMs: number;
  /** How long a set stays usable when refreshing it fails, in ms. */
  readonly maxStaleMs: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly fetch: FetchLike;
  readonly clock: () => number;
}

/**
 * Verification keys fetched from an issuer's JWKS URL, cached and refreshed.
 *
 * - The set is fetched on first use and again once it is older than `cacheMaxAge`.
 * - A token whose `kid` is not in the set triggers one refresh, unless a fetch happened within
 *   `cooldown`: random `kid`s therefore cause at most one request to the issuer per cooldown.
 * - Concurrent requests share one fetch.
 * - When a refresh fails, the previous set stays in use for at most `maxStale`; after that, or
 *   when no set was ever fetched, tokens are refused (fail closed).
 * - Redirects are not followed and responses are bounded in size and time.
 */
export class RemoteKeySet implements KeySource {
  readonly algorithms: readonly JwsAlgorithm[];
  private index: KeySetIndex | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private generationNumber = 0;

  /** @param settings - URL, algorithms, timing and the fetch function. */
  constructor(private readonly settings: RemoteKeySetSettings) {
    this.algorithms = settings.algorithms;
  }

  generation(): number {
    return this.generationNumber;
  }

  async resolve(header: JWSHeaderParameters): Promise<KeyObject> {
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const alg = header.alg as string;
    const now = this.settings.clock();
    if (this.index === undefined || now - this.fetchedAt >= this.settings.cacheMaxAgeMs) {
      await this.refresh(now);
    }
    let key = this.current(now).select(kid, alg);
    if (
      key === undefined &&
      kid !== undefined &&
      now - this.attemptedAt >= this.settings.cooldownMs
    ) {
      await this.refresh(now);
      key = this.current(now).select(kid, alg);
    }
    if (key === undefined) throw new TokenError('jwt.kid-unknown');
    return key;
  }

  private current(now: number): KeySetIndex {
    const index = this.index;
    if (index === undefined) throw new TokenError('jwks.unavailable');
    if (now - this.fetchedAt >= this.settings.cacheMaxAgeMs + this.settings.maxStaleMs) {
      throw new TokenError('jwks.stale');
    }
    return index;
  }

  private refresh(now: number): Promise<void> {
    if (this.inFlight !== undefined) return this.inFlight;
    if (now - this.attemptedAt < this.settings.cooldownMs) return Promise.resolve();
    this.attemptedAt = now;
    this.inFlight = this.load()
      .then((index) => {
        if (index.fingerprint !== this.index?.fingerprint) this.generationNumber += 1;
        this.index = index;
        this.fetchedAt = now;
      })
      .catch(() => {
        // Keep the previous set; `current` decides whether it is still fresh enough to use.
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async load(): Promise<KeySetIndex> {
    const { url, timeoutMs, maxResponseBytes } = this.settings;
    const response = await this.settings.fetch(url.href, {
      method: 'GET',
      redirect: 'error',
      headers: { accept: 'application/jwk-set+json, application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) throw new Error(`JWKS answered ${response.status}.`);
    const text = await readBounded(response, maxResponseBytes);
    return indexKeySet(JSON.parse(text) as unknown, this.algorithms);
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error('JWKS response too large.');
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error('JWKS response too large.');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
