import type { RoutePolicy } from '@bulwark/core';

/** A reason `routes --strict` fails. */
export interface StrictViolation {
  readonly id: string;
  readonly route: string;
  readonly problem: 'no-policy' | 'unprotected' | 'unaudited';
  readonly message: string;
}

/**
 * Lists the routes a CI gate should refuse:
 * - `no-policy`: the route declares neither `@Authorize` nor `@Public` (the app compiled in
 *   non-strict mode, so every request is refused, but the route is unfinished);
 * - `unprotected`: a public route that changes data with no rate limit keyed by client address,
 *   so anyone may call it as often as they like;
 * - `unaudited`: a mutating route that records no audit event.
 *
 * A public read route (a health check) is a declared, reviewed choice and passes.
 *
 * @param policies - The compiled policies.
 * @returns The violations, in route order.
 */
export function strictViolations(policies: readonly RoutePolicy[]): StrictViolation[] {
  const violations: StrictViolation[] = [];
  const add = (policy: RoutePolicy, problem: StrictViolation['problem'], what: string): void => {
    const route = `${policy.method} ${policy.path}`;
    violations.push({ id: policy.id, route, problem, message: `${route} ${what}` });
  };
  for (const policy of policies) {
    if (policy.authorization?.isDenyAll === true) {
      add(policy, 'no-policy', 'declares no policy (@Authorize or @Public).');
    }
    const hasIpLimit = policy.rateLimits.some((limit) => limit.key === 'ip');
    if (policy.isPublic && policy.isMutating && !hasIpLimit) {
      add(
        policy,
        'unprotected',
        'is public, changes data and has no rate limit by client address.',
      );
    }
    if (policy.isMutating && policy.audit === null) {
      add(policy, 'unaudited', 'changes data and records no audit event.');
    }
  }
  return violations;
}
