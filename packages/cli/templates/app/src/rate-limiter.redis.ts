import { createRateLimitEnforcer, type RateLimitEnforcer } from '@bulwark/rate-limit';

/** Rate limits are counted in Redis, shared by every instance of the app. */
export interface RateLimitConfig {
  readonly store: 'redis';
  /** `redis://host:6379`. */
  readonly url: string;
}

/**
 * Reads `REDIS_URL`.
 *
 * @throws Error when it is not set.
 */
export function readRateLimitConfig(env: NodeJS.ProcessEnv): RateLimitConfig {
  const url = env.REDIS_URL ?? '';
  if (!/^rediss?:\/\//.test(url))
    throw new Error('REDIS_URL must be a redis:// URL (see .env.example).');
  return { store: 'redis', url };
}

/** The store the tests use: `TEST_REDIS_URL`, else `REDIS_URL`. */
export const TEST_RATE_LIMIT: RateLimitConfig = Object.freeze({
  store: 'redis',
  url: process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? '',
});

/**
 * Creates the rate-limit enforcer on Redis. When Redis cannot be reached, limited routes answer
 * 503 (fail closed) until it is back.
 */
export function createRateLimiter(config: RateLimitConfig): RateLimitEnforcer {
  if (config.url === '') throw new Error('Set REDIS_URL (or TEST_REDIS_URL for the tests).');
  return createRateLimitEnforcer({
    store: 'redis',
    redis: { url: config.url },
    prefix: '__APP_NAME__:rl:',
  });
}
