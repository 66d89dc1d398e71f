import { createHash } from 'node:crypto';
import { once, type EventEmitter } from 'node:events';

/** The part of an ioredis `Redis` or `Cluster` client Bulwark uses. */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  readonly status?: string;
}

/** How to reach Redis, shared by the rate-limit store and the brute-force guard. */
export interface RedisConnectionOptions {
  /**
   * An ioredis client (`Redis` or `Cluster`) you own and close. Prefer `enableOfflineQueue:
   * false` so calls fail fast while Redis is away instead of waiting for `timeoutMs`.
   */
  readonly client?: RedisScriptClient;
  /** A `redis://` URL; a client is then created, configured and closed for you. */
  readonly url?: string;
  /**
   * Whose clock windows follow: `server` uses Redis `TIME`, one clock for every process; a
   * function passes its time with each call (tests). @defaultValue 'server'
   */
  readonly clock?: 'server' | (() => number);
  /** Longest wait for one call before it counts as a store failure. @defaultValue 500 */
  readonly timeoutMs?: number;
}

/** Raised when Redis does not answer within `timeoutMs`. */
export class RedisStoreTimeoutError extends Error {
  override readonly name = 'RedisStoreTimeoutError';
}

/**
 * Runs Lua scripts on Redis: `EVALSHA`, falling back to `EVAL` once when a restarted Redis lost
 * its script cache; every call bounded by `timeoutMs`; the clock passed as the first argument.
 * A client created from a URL fails fast while Redis is away and reconnects in the background.
 */
export class RedisScriptRunner {
  private client: RedisScriptClient | undefined;
  private creating: Promise<RedisScriptClient> | undefined;
  private connectError: Error | undefined;
  private hasBeenReady = false;
  private readonly ownsClient: boolean;
  private readonly shas = new Map<string, string>();

  /**
   * @param options - A client or a URL, the clock and the timeout.
   * @throws TypeError when neither or both of `client` and `url` are given.
   */
  constructor(private readonly options: RedisConnectionOptions) {
    if ((options.client === undefined) === (options.url === undefined)) {
      throw new TypeError('Redis options need exactly one of "client" and "url".');
    }
    this.client = options.client;
    this.ownsClient = options.client === undefined;
  }

  /**
   * Runs a script atomically.
   *
   * @param script - The Lua source.
   * @param keys - Its keys, all in one hash slot.
   * @param args - Its arguments after the clock.
   * @returns The script's reply.
   * @throws the Redis error, or RedisStoreTimeoutError after `timeoutMs`.
   */
  async run(
    script: string,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    const client = await this.ready();
    const clock = this.options.clock;
    const all = [...keys, typeof clock === 'function' ? String(clock()) : '', ...args];
    const sha = this.shaOf(script);
    const call = async (): Promise<unknown> => {
      try {
        return await client.evalsha(sha, keys.length, ...all);
      } catch (error) {
        if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
        return client.eval(script, keys.length, ...all);
      }
    };
    return this.bounded(call());
  }

  async close(): Promise<void> {
    if (!this.ownsClient || this.client === undefined) return;
    await (this.client as unknown as { quit(): Promise<unknown> }).quit().catch(() => undefined);
  }

  private shaOf(script: string): string {
    let sha = this.shas.get(script);
    if (sha === undefined) {
      sha = createHash('sha1').update(script).digest('hex');
      this.shas.set(script, sha);
    }
    return sha;
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

  /** The client; one created here is waited for until its first connection. */
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
      // Fail fast while Redis is away, so the failure policy applies at once instead of requests
      // queueing behind a dead connection; reconnection continues in the background.
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
