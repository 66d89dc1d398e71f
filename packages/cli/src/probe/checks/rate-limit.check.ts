import type { TargetRateLimit, TargetRoute } from '../target/probe-target';
import type { Actor } from '../engine/actors';
import type { Attempt, Outcome, ProbeSession } from '../engine/probe-session';
import { pathOf, requiredQuery, withQuery } from '../values/request-shapes';

/** How many attempts a public write route without its own limit must refuse within. */
export const BRUTE_FORCE_ATTEMPTS = 20;

/** Requests in flight at once while a limit is exhausted. */
const BURST_PARALLELISM = 8;

/** Headers that claim to carry the client's address; none may move the probe to a fresh counter. */
const SPOOFED_ADDRESS = Object.freeze({
  'x-forwarded-for': '203.0.113.77',
  'x-real-ip': '203.0.113.78',
  forwarded: 'for=203.0.113.79',
  'true-client-ip': '203.0.113.80',
  'cf-connecting-ip': '203.0.113.81',
});

/**
 * Exhausts a route's own rate limit and checks the refusal: a 429 within the limit (plus one),
 * with `Retry-After` and rate-limit headers; then the same request with a spoofed client address
 * and with other spellings of the path must still be refused (429, or 404 where the spelling
 * routes nowhere). A public route that changes state without a limit of its own by client
 * address must refuse a burst of {@link BRUTE_FORCE_ATTEMPTS}: that is where passwords and
 * secrets are guessed.
 *
 * Requests are made harmless: unknown ids in paths, a body the validator refuses, so exhausting
 * a write route changes nothing. App-wide limits are left alone: exhausting one would block the
 * rest of the run (and every other client of the address).
 *
 * @param session - The run.
 * @param route - The route.
 * @param maxBurst - The largest limit the run may exhaust.
 */
export async function checkRateLimits(
  session: ProbeSession,
  route: TargetRoute,
  maxBurst: number,
): Promise<void> {
  const skip = (reason: string): void => session.book.skip(route, 'rate-limit.exhaustion', reason);
  if (route.rateLimits === null) return skip('the document does not state the rate limits');
  const own = route.rateLimits.filter((l) => l.scope === 'route' && l.algorithm !== 'concurrency');
  const attempt = harmless(route);
  if (attempt === null) return skip('no request that changes nothing can be made for this route');
  if (route.isPublic && route.isMutating && !own.some((l) => l.key === 'ip')) {
    return bruteForce(session, route, attempt);
  }
  if (own.length === 0) {
    return skip('the route has no limit of its own (app-wide limits are not exhausted)');
  }
  const chosen = tightest(session, route, own);
  if (chosen === null) {
    return skip('the limit counts per principal and no principal in the config may call the route');
  }
  const { limit, actor } = chosen;
  if (limit.limit + 1 > maxBurst || 2 * (limit.limit + 1) > session.client.remaining) {
    return skip(
      `exhausting "${limit.name}" (${limit.limit}) needs more requests than --max-burst or the budget allows`,
    );
  }
  await exhaustLimit(session, route, limit, { ...attempt, actor });
}

/** Exhausts one limit, checks the refusal and its headers, then tries to start it again. */
async function exhaustLimit(
  session: ProbeSession,
  route: TargetRoute,
  limit: TargetRateLimit,
  attempt: Attempt,
): Promise<void> {
  const burst = await exhaust(session, route, attempt, limit.limit + 1);
  if ('unsent' in burst) {
    session.book.skip(route, 'rate-limit.exhaustion', burst.unsent);
    return;
  }
  if ('served' in burst) {
    const message = `${burst.served} requests in a row were served; "${limit.name}" allows ${limit.limit} per ${limit.windowSeconds} s`;
    session.book.fail(route, 'rate-limit.exhaustion', message);
    return;
  }
  const headers = burst.refused.response.headers;
  const hasHeaders =
    headers['retry-after'] !== undefined &&
    ['ratelimit', 'ratelimit-policy', 'x-ratelimit-limit'].some((h) => headers[h] !== undefined);
  if (hasHeaders) session.book.pass(route, 'rate-limit.exhaustion');
  else {
    const message = '429 without Retry-After and RateLimit headers';
    session.book.fail(route, 'rate-limit.exhaustion', message, burst.refused.evidence);
  }
  await afterRefusal(session, route, attempt);
}

async function afterRefusal(
  session: ProbeSession,
  route: TargetRoute,
  attempt: Attempt,
): Promise<void> {
  const spoofed = await session.send(route, {
    ...attempt,
    headers: SPOOFED_ADDRESS,
    ignoreQuota: true,
  });
  record(
    session,
    route,
    'rate-limit.forwarded-for',
    spoofed,
    [429],
    'a spoofed client address (X-Forwarded-For, Forwarded, X-Real-IP)',
  );
  for (const variant of pathVariants(route, attempt.path)) {
    const outcome = await session.send(route, { ...attempt, path: variant, ignoreQuota: true });
    record(
      session,
      route,
      'rate-limit.path-variants',
      outcome,
      [429, 404],
      `the path spelled ${variant}`,
    );
  }
}

async function bruteForce(
  session: ProbeSession,
  route: TargetRoute,
  attempt: Attempt,
): Promise<void> {
  const burst = await exhaust(session, route, attempt, BRUTE_FORCE_ATTEMPTS, false);
  if ('refused' in burst) {
    session.book.pass(route, 'rate-limit.brute-force');
    await afterRefusal(session, route, attempt);
  } else if ('unsent' in burst) {
    session.book.skip(route, 'rate-limit.brute-force', burst.unsent);
  } else {
    session.book.fail(
      route,
      'rate-limit.brute-force',
      `${burst.served} attempts from one address were all served: a public route that changes state needs a rate limit by client address`,
    );
  }
}

/** What a burst ended with. */
type Burst =
  | { readonly refused: Extract<Outcome, { sent: true }> }
  | { readonly served: number }
  | { readonly unsent: string };

/**
 * Sends the attempt until a 429 comes back, in small parallel batches, at most `count` requests
 * (twice that when `retry`, in case a window restarted mid-burst).
 */
async function exhaust(
  session: ProbeSession,
  route: TargetRoute,
  attempt: Attempt,
  count: number,
  retry = true,
): Promise<Burst> {
  let served = 0;
  for (let round = 0; round < (retry ? 2 : 1); round += 1) {
    for (let sent = 0; sent < count; sent += BURST_PARALLELISM) {
      const batch = Math.min(BURST_PARALLELISM, count - sent);
      const outcomes = await Promise.all(
        Array.from({ length: batch }, () => session.send(route, { ...attempt, ignoreQuota: true })),
      );
      const refused = outcomes.find(
        (o): o is Extract<Outcome, { sent: true }> => o.sent && o.response.status === 429,
      );
      if (refused !== undefined) return { refused };
      const unsent = outcomes.find((o) => !o.sent);
      if (unsent !== undefined && !unsent.sent) return { unsent: unsent.reason };
      served += batch;
    }
  }
  return { served };
}

function record(
  session: ProbeSession,
  route: TargetRoute,
  check: 'rate-limit.forwarded-for' | 'rate-limit.path-variants',
  outcome: Outcome,
  statuses: number[],
  attack: string,
): void {
  if (!outcome.sent) session.book.skip(route, check, outcome.reason);
  else if (statuses.includes(outcome.response.status)) session.book.pass(route, check);
  else
    session.book.fail(
      route,
      check,
      `${attack} was served (${outcome.response.status}) after the limit refused: the counter started again`,
      outcome.evidence,
    );
}

/**
 * The limit the probe reaches soonest, with who reaches it soonest: for a limit by principal, a
 * principal the route accepts (its post-authentication limits count before authorization, so a
 * principal the route refuses is counted too); for a limit by address, anyone.
 */
function tightest(
  session: ProbeSession,
  route: TargetRoute,
  limits: readonly TargetRateLimit[],
): { limit: TargetRateLimit; actor: Actor | null } | null {
  const accepted = session.accepted(route);
  let best: { limit: TargetRateLimit; actor: Actor | null; left: number } | null = null;
  for (const limit of limits) {
    const isByAddress = limit.key === 'ip' || route.isPublic;
    const candidates: Array<Actor | null> = isByAddress ? [accepted[0] ?? null] : accepted;
    for (const actor of candidates) {
      const left =
        limit.limit - session.quota.usedOf(route, limit, isByAddress ? null : actor!.name);
      if (best === null || left < best.left) best = { limit, actor, left };
    }
  }
  return best === null ? null : { limit: best.limit, actor: best.actor };
}

/**
 * A request that the rate limiter counts and the app refuses after counting it: unknown ids in
 * the path, an undeclared property as the body of a write. A write with neither is not sent.
 */
function harmless(route: TargetRoute): Attempt | null {
  const bare = pathOf(route);
  const query = requiredQuery(route);
  if (bare === null || query === null) return null;
  const hasPathParameter = route.path.includes('{');
  if (route.isMutating && route.body === null && !hasPathParameter) return null;
  const path = withQuery(bare, query);
  return route.body === null ? { path } : { path, json: { bulwarkProbeRateLimit: true } };
}

/**
 * Other spellings of the same path: upper case with a trailing slash, and one letter
 * percent-encoded. Parameter values keep their case.
 *
 * @param route - The route, for its template.
 * @param path - The path as sent, with its query string.
 * @returns The variants that differ from the path.
 */
export function pathVariants(route: TargetRoute, path: string): string[] {
  const [bare, query] = path.split('?', 2) as [string, string | undefined];
  const suffix = query === undefined ? '' : `?${query}`;
  const templates = route.path.split('/');
  const segments = bare.split('/');
  const upper = segments
    .map((s, i) => (templates[i]?.includes('{') === true ? s : s.toUpperCase()))
    .join('/');
  const last = segments.length - 1;
  const index = segments[last]!.search(/[A-Za-z0-9]/);
  const variants = [`${upper}/${suffix}`];
  if (index >= 0) {
    const segment = segments[last]!;
    const encoded = `${segment.slice(0, index)}%${segment.charCodeAt(index).toString(16).toUpperCase()}${segment.slice(index + 1)}`;
    variants.push(`${[...segments.slice(0, last), encoded].join('/')}${suffix}`);
  }
  return variants.filter((v) => v !== path);
}
