import { randomUUID } from 'node:crypto';
import type { RateLimitKeyInput, RoutePolicy } from '@bulwark/core';
import {
  resolveEnforcerOptions,
  type RateLimitEnforcerOptions,
  type ResolvedEnforcerOptions,
} from './config/enforcer-options';
import { rateLimitHeaders } from './headers/rate-limit-headers';
import { identityHash, resolveIdentity, storageKey } from './keys/limit-key';
import type { RateLimitCheckOptions, RateLimitEnforcer, RateLimitResult } from './rate-limiter';
import { limitsOfPhase, planRoute, type PlannedLimit } from './route-plan';
import { StoreGuard, type GuardedOutcome } from './store-guard';
import { MemoryStore } from './stores/memory-store';
import { RedisStore } from './stores/redis-store';
import type { LimitCheck, RateLimitStore } from './stores/store';

const NOTHING_TO_RELEASE = (): void => undefined;
const EMPTY: RateLimitResult = Object.freeze({
  isAllowed: true,
  headers: Object.freeze({}),
  hasLeases: false,
  release: NOTHING_TO_RELEASE,
});

/**
 * Creates the enforcer the runtime calls for every request.
 *
 * Call `check(route, input, { phase: 'pre-auth' })` before authentication (limits keyed by
 * `ip`) and `check(route, input, { phase: 'post-auth' })` after it (every other limit); join the
 * two results' headers with `mergeRateLimitHeaders`. The limits of one call are checked and
 * consumed together: when one refuses, the others sharing its key are not charged.
 *
 * Security: defaults fail closed — when the store fails, `check` throws
 * `ERR_RATE_LIMIT_UNAVAILABLE` (503) unless `onStoreError: 'allow'` is set.
 *
 * @param options - Store, key prefix, address grouping, failure policy, logger, metrics hook.
 * @returns The enforcer; `close()` it on shutdown.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when an option is invalid (all problems listed).
 * @example
 * ```ts
 * const limiter = createRateLimitEnforcer({ store: 'memory' });
 * const result = await limiter.check(route, input, { phase: 'pre-auth' });
 * if (!result.isAllowed) answer429(result.headers);
 * ```
 */
export function createRateLimitEnforcer(options: RateLimitEnforcerOptions): RateLimitEnforcer {
  const config = resolveEnforcerOptions(options);
  const primary = primaryStore(config);
  const guard = new StoreGuard(primary, config, () => memoryStore(config));

  const prepare = (route: RoutePolicy, input: RateLimitKeyInput, opts?: RateLimitCheckOptions) => {
    const limits = limitsOfPhase(planRoute(route), opts?.phase ?? 'all');
    return limits.length === 0 ? null : { limits, checks: toChecks(limits, input, config) };
  };
  const finish = (route: RoutePolicy, prepared: Prepared, guarded: GuardedOutcome) =>
    toResult(route, prepared, guarded, config);

  return {
    storeKind: typeof config.store === 'string' ? config.store : 'custom',
    async check(route: RoutePolicy, input: RateLimitKeyInput, opts?: RateLimitCheckOptions) {
      const prepared = prepare(route, input, opts);
      if (prepared === null) return EMPTY;
      return finish(route, prepared, await guard.consume(prepared.checks, route.id));
    },
    checkNow(route: RoutePolicy, input: RateLimitKeyInput, opts?: RateLimitCheckOptions) {
      const prepared = prepare(route, input, opts);
      if (prepared === null) return EMPTY;
      const guarded = guard.consumeNow(prepared.checks, route.id);
      return guarded === undefined ? undefined : finish(route, prepared, guarded);
    },
    async close() {
      await guard.close();
    },
  };
}

interface Prepared {
  readonly limits: readonly PlannedLimit[];
  readonly checks: readonly LimitCheck[];
}

function toResult(
  route: RoutePolicy,
  { limits, checks }: Prepared,
  { outcomes, store }: GuardedOutcome,
  config: ResolvedEnforcerOptions,
): RateLimitResult {
  if (outcomes === null) return EMPTY;
  const entries = limits.map((planned, i) => ({
    name: planned.name,
    limit: planned.limit,
    outcome: outcomes[i]!,
  }));
  const refused = entries.find((e) => !e.outcome.isAllowed);
  if (refused !== undefined) {
    config.onEvent({ type: 'refused', routeId: route.id, limit: refused.name });
    return {
      isAllowed: false,
      headers: rateLimitHeaders(entries),
      refusedBy: refused.name,
      hasLeases: false,
      release: NOTHING_TO_RELEASE,
    };
  }
  const release = releaser(checks, store);
  return {
    isAllowed: true,
    headers: rateLimitHeaders(entries),
    hasLeases: release !== NOTHING_TO_RELEASE,
    release,
  };
}

function primaryStore(config: ResolvedEnforcerOptions): RateLimitStore {
  if (config.store === 'memory') return memoryStore(config);
  if (config.store === 'redis') return new RedisStore(config.redis!);
  return config.store;
}

function memoryStore(config: ResolvedEnforcerOptions): MemoryStore {
  return new MemoryStore({ ...config.memory, now: config.now });
}

function toChecks(
  limits: readonly PlannedLimit[],
  input: RateLimitKeyInput,
  config: ResolvedEnforcerOptions,
): LimitCheck[] {
  const checks: LimitCheck[] = [];
  for (const planned of limits) checks.push(toCheck(planned, input, config));
  return checks;
}

/** Builds one limit's check. */
function toCheck(
  planned: PlannedLimit,
  input: RateLimitKeyInput,
  config: ResolvedEnforcerOptions,
): LimitCheck {
  const { limit } = planned;
  const hash = identityHash(resolveIdentity(limit.key, input, config));
  return {
    key: storageKey(config.prefix, hash, planned.suffix),
    algorithm: limit.algorithm,
    limit: limit.limit,
    windowMs: limit.windowMs,
    cost: limit.cost,
    leaseId: limit.algorithm === 'concurrency' ? randomUUID() : '',
  };
}

/** Frees the concurrency slots of an admitted request, once; a lost release lapses with its lease. */
function releaser(checks: readonly LimitCheck[], store: RateLimitStore | null): () => void {
  const leases = checks.filter((c) => c.algorithm === 'concurrency');
  if (leases.length === 0 || store === null) return NOTHING_TO_RELEASE;
  let isReleased = false;
  return () => {
    if (isReleased) return;
    isReleased = true;
    for (const lease of leases) store.release(lease.key, lease.leaseId).catch(() => undefined);
  };
}
