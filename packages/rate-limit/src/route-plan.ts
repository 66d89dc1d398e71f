import type { CompiledRateLimit, RateLimitAlgorithm, RoutePolicy } from '@bulwark/core';
import type { RateLimitPhase } from './rate-limiter';

/** One compiled limit, ready to be checked. */
export interface PlannedLimit {
  readonly limit: CompiledRateLimit;
  /** The limit's name, made unique within the route for headers. */
  readonly name: string;
  /** Scope, name and algorithm: the fixed part of the storage key. */
  readonly suffix: string;
  readonly phase: Exclude<RateLimitPhase, 'all'>;
}

const ALGORITHM_TAGS: Readonly<Record<RateLimitAlgorithm, string>> = Object.freeze({
  'fixed-window': 'fw',
  'sliding-window': 'sw',
  'token-bucket': 'tb',
  concurrency: 'cc',
});

const plans = new WeakMap<RoutePolicy, readonly PlannedLimit[]>();
const phases = new WeakMap<
  readonly PlannedLimit[],
  Readonly<Record<RateLimitPhase, readonly PlannedLimit[]>>
>();

/**
 * Prepares a route's limits once; later calls return the cached plan.
 *
 * A method or class limit counts per compiled route (its id, never the raw path, so every
 * spelling of a path shares one budget); a global limit counts across all routes. The
 * algorithm is part of the key, so changing a limit's algorithm starts a fresh counter instead
 * of reading a counter of another shape.
 *
 * @param route - The compiled route.
 * @returns Its limits with names, key suffixes and phases.
 */
export function planRoute(route: RoutePolicy): readonly PlannedLimit[] {
  const cached = plans.get(route);
  if (cached !== undefined) return cached;

  const seen = new Map<string, number>();
  const plan = route.rateLimits.map((limit): PlannedLimit => {
    const count = (seen.get(limit.name) ?? 0) + 1;
    seen.set(limit.name, count);
    const name = count === 1 ? limit.name : `${limit.name}#${count}`;
    const scope = limit.origin === 'global' ? '*' : route.id;
    return Object.freeze({
      limit,
      name,
      suffix: `${scope}:${name}:${ALGORITHM_TAGS[limit.algorithm]}`,
      phase: limit.key === 'ip' ? 'pre-auth' : 'post-auth',
    });
  });
  const frozen = Object.freeze(plan);
  plans.set(route, frozen);
  return frozen;
}

/**
 * Picks the limits one phase checks.
 *
 * @param plan - From {@link planRoute}.
 * @param phase - `pre-auth`, `post-auth` or `all`.
 * @returns The limits of that phase, in declaration order.
 */
export function limitsOfPhase(
  plan: readonly PlannedLimit[],
  phase: RateLimitPhase,
): readonly PlannedLimit[] {
  // Computed once per plan: the enforcer asks for the same phase of the same route per request.
  let split = phases.get(plan);
  if (split === undefined) {
    split = Object.freeze({
      all: plan,
      'pre-auth': Object.freeze(plan.filter((p) => p.phase === 'pre-auth')),
      'post-auth': Object.freeze(plan.filter((p) => p.phase === 'post-auth')),
    });
    phases.set(plan, split);
  }
  return split[phase];
}
