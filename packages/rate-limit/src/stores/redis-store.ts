import { once, type EventEmitter } from 'node:events';
import type { RateLimitAlgorithm } from '@bulwark/core';
import { hashTagOf } from '../keys/limit-key';
import { CHECK_SCRIPT, RELEASE_SCRIPT, scriptSha } from './redis-script';
import type { LimitCheck, LimitOutcome, RateLimitStore } from './store';

/** The part of an ioredis `Redis` or `Cluster` client the store uses. */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  readonly status?: string;
}

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions {
  /**
   * An ioredis client (`Redis` or `Cluster`) you own and close. Prefer `enableOfflineQueue:
   * false` so calls fail fast while Redis is away instead of waiting for `timeoutMs`.
   */
  readonly client?: RedisScriptClient;
  /** A `redis://` URL; the store then creates, configures and closes its own ioredis client. */
  readonly url?: string;
  /**
   * Whose clock windows follow: `server` uses Redis `TIME`, one clock for every process; a
   * function passes its time with each call (tests). @defaultValue 'server'
   */
  readonly clock?: 'server' | (() => number);
  /** Longest wait for one call before it counts as a store failure. @defaultValue 500 */
  readonly timeoutMs?: number;
}

const TAGS: Readonly<Record<RateLimitAlgorithm, string>> = Object.freeze({
  'fixed-window': 'fw',
  'sliding-window': 'sw',
  'token-bucket': 'tb',
  concurrency: 'cc',
});
const CHECK_SHA = scriptSha(CHECK_SCRIPT);
const RELEASE_SHA = scriptSha(RELEASE_SCRIPT);

/** Raised when Redis does not answer within `timeoutMs`. */
export class RedisStoreTimeoutError extends Error {
  override readonly name = 'RedisStoreTimeoutError';
}

/**
 * Counters in Redis, shared by every process that uses the same Redis and prefix.
 *
 * Each check is one atomic Lua script (`EVALSHA`, falling back to `EVAL` once after a Redis
 * restart flushed the script cache). Keys carry their client's hash tag, so the limits of one
 * request for one client sit in one Redis Cluster slot and go in one script; limits keyed by
 * different identities (say principal and tenant) go in one script per identity, sent together.
 *
 * Hand-written rather than rate-limiter-flexible's `RateLimiterRedis`: that store implements a
 * fixed window only, one limit per call, with whole-second windows and the caller's clock,
 * while this one runs every Bulwark algorithm on the server's clock and commits a burst and a
 * sustained limit all-or-nothing.
 *
 * Limitation: limits of one request keyed by different identities are atomic per identity
 * only; when one identity's limits refuse, another identity's limits may already have been
 * charged. The error errs strict (a request counted that was refused). Moving every identity
 * of a request into one slot would remove it, at the price of concentrating load on one node.
 */
export class RedisStore implements RateLimitStore {
  private client: RedisScriptClient | undefined;
  private creating: Promise<RedisScriptClient> | undefined;
  private connectError: Error | undefined;
  private readonly ownsClient: boolean;
  private hasBeenReady = false;

  /**
   * @param options - A client or a URL, the clock and the timeout.
   * @throws TypeError when neither or both of `client` and `url` are given.
   */
  constructor(private readonly options: RedisStoreOptions) {
    if ((options.client === undefined) === (options.url === undefined)) {
      throw new TypeError('RedisStore needs exactly one of "client" and "url".');
    }
    this.client = options.client;
    this.ownsClient = options.client === undefined;
  }

  async consume(checks: readonly LimitCheck[]): Promise<readonly LimitOutcome[]> {
    const client = await this.ready();
    const groups = new Map<string, number[]>();
    checks.forEach((check, i) => {
      const tag = hashTagOf(check.key);
      groups.set(tag, [...(groups.get(tag) ?? []), i]);
    });
    const outcomes = new Array<LimitOutcome>(checks.length);
    const now =
      this.options.clock === undefined || this.options.clock === 'server'
        ? ''
        : String(this.options.clock());
    await Promise.all(
      [...groups.values()].map(async (indices) => {
        const group = indices.map((i) => checks[i]!);
        const args = [
          now,
          ...group.flatMap((c) => [TAGS[c.algorithm], c.limit, c.windowMs, c.cost, c.leaseId]),
        ];
        const reply = await this.run(
          client,
          CHECK_SHA,
          CHECK_SCRIPT,
          group.map((c) => c.key),
          args,
        );
        indices.forEach((checkIndex, j) => {
          outcomes[checkIndex] = toOutcome(reply, j);
        });
      }),
    );
    return outcomes;
  }

  async release(key: string, leaseId: string): Promise<void> {
    const client = await this.ready();
    await this.run(client, RELEASE_SHA, RELEASE_SCRIPT, [key], [leaseId]);
  }

  async close(): Promise<void> {
    if (!this.ownsClient || this.client === undefined) return;
    await (this.client as unknown as { quit(): Promise<unknown> }).quit().catch(() => undefined);
  }

  /** Runs a script, loading it once when Redis lost its script cache. */
  private async run(
    client: RedisScriptClient,
    sha: string,
    script: string,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    const call = async (): Promise<unknown> => {
      try {
        return await client.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
        return client.eval(script, keys.length, ...keys, ...args);
      }
    };
    return this.bounded(call());
  }

  private async bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.options.timeoutMs ?? 500;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisStoreTimeoutError(`Redis gave no answer within ${timeoutMs} ms.`)),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The client; a store-owned one is created on first use and waited for until first ready. */
  private async ready(): Promise<RedisScriptClient> {
    if (this.hasBeenReady || !this.ownsClient) return this.client!;
    this.creating ??= this.createClient();
    const client = await this.creating;
    if (client.status !== 'ready') {
      // Fail fast while a client that never connected keeps failing; wait only for a first try.
      if (this.connectError !== undefined) throw this.connectError;
      await this.bounded(once(client as unknown as EventEmitter, 'ready'));
    }
    this.hasBeenReady = true;
    return client;
  }

  private async createClient(): Promise<RedisScriptClient> {
    const { Redis } = await import('ioredis');
    const client = new Redis(this.options.url!, {
      // Fail fast while Redis is away, so the `onStoreError` policy applies at once instead of
      // requests queueing behind a dead connection; reconnection continues in the background.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    });
    client.on('error', (error: Error) => {
      this.connectError = error;
    });
    client.on('ready', () => {
      this.connectError = undefined;
    });
    this.client = client;
    return client;
  }
}

function toOutcome(reply: unknown, index: number): LimitOutcome {
  const values = reply as number[];
  const at = index * 4;
  return {
    isAllowed: values[at] === 1,
    remaining: Number(values[at + 1]),
    resetMs: Number(values[at + 2]),
    retryAfterMs: Number(values[at + 3]),
  };
}
