import type { TargetRateLimit, TargetRoute } from '../target/probe-target';

/**
 * Counts the probe's own requests against the rate limits the policy declares, so checks are
 * spread over principals and a limit is not exhausted by accident before the rate-limit check
 * exhausts it on purpose.
 *
 * Counting is conservative: a counter never resets during a run (a window that restarts only
 * gives the probe more room than it assumes), a limit keyed by anything but the address counts
 * only requests that authenticate, and a custom key is counted as one shared counter.
 */
export class QuotaTracker {
  private readonly used = new Map<string, number>();

  /**
   * How many more requests may go to the route as this identity before a known limit refuses.
   *
   * @param route - The route.
   * @param identity - The actor's name when the request authenticates, else `null`.
   * @returns The number of requests left (`Infinity` when no limit applies).
   */
  remaining(route: TargetRoute, identity: string | null): number {
    let left = Number.POSITIVE_INFINITY;
    for (const { limit, key } of this.counters(route, identity)) {
      left = Math.min(left, Math.floor((limit.limit - (this.used.get(key) ?? 0)) / limit.cost));
    }
    return Math.max(0, left);
  }

  /**
   * Counts one request.
   *
   * @param route - The route it went to.
   * @param identity - The actor's name when the request authenticates, else `null`.
   */
  record(route: TargetRoute, identity: string | null): void {
    for (const { limit, key } of this.counters(route, identity)) {
      this.used.set(key, (this.used.get(key) ?? 0) + limit.cost);
    }
  }

  /**
   * Takes the app's own count where it tells one: the `RateLimit` header
   * (`"login";r=3;t=40, …`, draft-ietf-httpapi-ratelimit-headers) names each limit and the units
   * remaining, which also covers requests made before the run (a setup script creating keys).
   *
   * @param route - The route that answered.
   * @param identity - As for {@link QuotaTracker.record}.
   * @param header - The `RateLimit` header, if any.
   */
  observe(
    route: TargetRoute,
    identity: string | null,
    header: string | string[] | undefined,
  ): void {
    if (typeof header !== 'string') return;
    for (const member of header.split(',')) {
      const match = /^\s*"((?:[^"\\]|\\.)*)"\s*;(?:.*;)?\s*r=(\d+)/.exec(member);
      if (match === null) continue;
      const name = match[1]!.replace(/\\(.)/g, '$1');
      const limit = (route.rateLimits ?? []).find((l) => l.name === name);
      const key = limit === undefined ? null : counterKey(route, limit, identity);
      if (limit === undefined || key === null) continue;
      this.used.set(key, Math.max(0, limit.limit - Number(match[2])));
    }
  }

  /**
   * How much of one limit the probe has used as this identity.
   *
   * @param route - The route.
   * @param limit - One of its limits.
   * @param identity - As for {@link QuotaTracker.record}.
   * @returns The units counted so far.
   */
  usedOf(route: TargetRoute, limit: TargetRateLimit, identity: string | null): number {
    const key = counterKey(route, limit, identity);
    return key === null ? 0 : (this.used.get(key) ?? 0);
  }

  private counters(
    route: TargetRoute,
    identity: string | null,
  ): Array<{ limit: TargetRateLimit; key: string }> {
    return (route.rateLimits ?? []).flatMap((limit) => {
      const key = counterKey(route, limit, identity);
      return key === null ? [] : [{ limit, key }];
    });
  }
}

function counterKey(
  route: TargetRoute,
  limit: TargetRateLimit,
  identity: string | null,
): string | null {
  // A concurrency limit counts requests in flight; a sequential probe holds at most a burst.
  if (limit.algorithm === 'concurrency' || limit.limit <= 0) return null;
  const isPerPrincipal = limit.key !== 'ip' && limit.key !== 'custom' && !route.isPublic;
  if (isPerPrincipal && identity === null) return null;
  const who = isPerPrincipal ? `principal:${identity}` : 'address';
  const scope = limit.scope === 'app' ? '*' : route.id;
  return `${scope}|${limit.name}|${who}`;
}
