import { createRateLimitEnforcer, type RateLimitEnforcer } from '@bulwark/rate-limit';

/** Rate limits are counted in this process's memory. */
export interface RateLimitConfig {
  readonly store: 'memory';
}

/** The in-memory store needs no settings. */
export function readRateLimitConfig(_env: NodeJS.ProcessEnv): RateLimitConfig {
  return { store: 'memory' };
}

/** The store the tests use. */
export const TEST_RATE_LIMIT: RateLimitConfig = Object.freeze({ store: 'memory' });

/**
 * Creates the rate-limit enforcer.
 *
 * Limitation: memory counters belong to one process and reset on restart; with more than one
 * instance, scaffold with `--rate-limit-store redis` (or switch this file to the Redis store) so
 * every instance shares the counts.
 */
export function createRateLimiter(_config: RateLimitConfig): RateLimitEnforcer {
  return createRateLimitEnforcer({ store: 'memory' });
}
