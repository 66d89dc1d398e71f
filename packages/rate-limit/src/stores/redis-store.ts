import type { RateLimitAlgorithm } from '@bulwark/core';
import { hashTagOf } from '../keys/limit-key';
import { CHECK_SCRIPT, RELEASE_SCRIPT } from './redis-script';
import { RedisScriptRunner, type RedisConnectionOptions } from './redis-script-runner';
import type { LimitCheck, LimitOutcome, RateLimitStore } from './store';

export { RedisStoreTimeoutError } from './redis-script-runner';
export type { RedisScriptClient } from './redis-script-runner';

/** Options of {@link RedisStore}: a client or URL, the clock and the timeout. */
export type RedisStoreOptions = RedisConnectionOptions;

const TAGS: Readonly<Record<RateLimitAlgorithm, string>> = Object.freeze({
  'fixed-window': 'fw',
  'sliding-window': 'sw',
  'token-bucket': 'tb',
  concurrency: 'cc',
});

export class RedisStore implements RateLimitStore {
  private readonly runner: RedisScriptRunner;

  /**
   * @param options - A client or a URL, the clock and the timeout.
   * @throws TypeError when neither or both of `client` and `url` are given.
   */
  constructor(options: RedisStoreOptions) {
    this.runner = new RedisScriptRunner(options);
  }

  async consume(checks: readonly LimitCheck[]): Promise<readonly LimitOutcome[]> {
    const groups = new Map<string, number[]>();
    checks.forEach((check, i) => {
      const tag = hashTagOf(check.key);
      groups.set(tag, [...(groups.get(tag) ?? []), i]);
    });
    const outcomes = new Array<LimitOutcome>(checks.length);
    await Promise.all(
      [...groups.values()].map(async (indices) => {
        const group = indices.map((i) => checks[i]!);
        const args = group.flatMap((c) => [
          TAGS[c.algorithm],
          c.limit,
          c.windowMs,
          c.cost,
          c.leaseId,
        ]);
        const reply = await this.runner.run(
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
    await this.runner.run(RELEASE_SCRIPT, [key], [leaseId]);
  }

  async close(): Promise<void> {
    await this.runner.close();
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
