export { createRateLimitEnforcer } from './create-rate-limit-enforcer';
export type {
  RateLimitCheckOptions,
  RateLimitEnforcer,
  RateLimitPhase,
  RateLimitResult,
} from './rate-limiter';
export type {
  MemoryOptions,
  RateLimitEnforcerOptions,
  RateLimitEvent,
} from './config/enforcer-options';
export { RATE_LIMIT_DEFAULTS } from './config/defaults';
export { mergeRateLimitHeaders } from './headers/rate-limit-headers';
export { groupClientAddress } from './keys/client-address';
export type { AddressGrouping } from './keys/client-address';
export { MemoryStore, MemoryStoreFullError } from './stores/memory-store';
export type { MemoryStoreOptions } from './stores/memory-store';
export type { LimitCheck, LimitOutcome, RateLimitStore } from './stores/store';
export { RedisStore, RedisStoreTimeoutError } from './stores/redis-store';
export type { RedisScriptClient, RedisStoreOptions } from './stores/redis-store';
export { createBruteForceGuard } from './brute-force/brute-force-guard';
export type {
  BruteForceDecision,
  BruteForceGuard,
  BruteForceKeys,
} from './brute-force/brute-force-guard';
export type { BruteForceGuardOptions } from './brute-force/brute-force-options';
export { BRUTE_FORCE_DEFAULTS } from './config/defaults';
export type { RedisConnectionOptions } from './stores/redis-script-runner';
