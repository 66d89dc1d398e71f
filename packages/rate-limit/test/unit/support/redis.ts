import { Redis } from 'ioredis';

/** The Redis of the test run, or `undefined` when the run has none configured. */
export const REDIS_URL = process.env.REDIS_URL;

/**
 * Picks `describe` when Redis is configured, and otherwise skips the suite and notes why in
 * the run's list of skipped suites.
 *
 * @param suite - What is skipped, for the note.
 * @returns `describe` or `describe.skip`.
 */
export function describeWithRedis(suite: string): Mocha.SuiteFunction | Mocha.PendingSuiteFunction {
  if (REDIS_URL !== undefined) return describe;
  const skipped = (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped;
  skipped?.add(`${suite}: REDIS_URL is unset, so the Redis store was not exercised.`);
  return describe.skip;
}

/** A client on the test Redis. */
export function testClient(): Redis {
  return new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
}
