import type { CompiledRateLimit, RateLimitKeyInput, RoutePolicy } from '@bulwark/core';
import { createPrincipal } from '@bulwark/core';

/** A compiled limit with test defaults: 3 per second, fixed window, keyed by address. */
export function limitOf(overrides: Partial<CompiledRateLimit> = {}): CompiledRateLimit {
  return Object.freeze({
    name: 'burst',
    limit: 3,
    windowMs: 1000,
    algorithm: 'fixed-window',
    key: 'ip',
    cost: 1,
    origin: 'method',
    ...overrides,
  });
}

/** A compiled route carrying the given limits. */
export function routeWith(
  limits: readonly CompiledRateLimit[],
  id = 'NotesController.get',
): RoutePolicy {
  class NotesController {}
  return Object.freeze({
    id,
    method: 'GET',
    path: '/notes/:id',
    controller: NotesController,
    handler: 'get',
    isPublic: true,
    isMutating: false,
    schemes: [],
    authorization: null,
    validation: {
      body: null,
      query: null,
      params: null,
      headers: null,
      groups: [],
      response: null,
    },
    rateLimits: Object.freeze([...limits]),
    audit: null,
  });
}

/** What the runtime passes for an anonymous request from `clientAddress`. */
export function inputFrom(clientAddress: string, principalId?: string): RateLimitKeyInput {
  const principal =
    principalId === undefined
      ? null
      : createPrincipal({ id: principalId, kind: 'user', scheme: 'bearer' });
  return { clientAddress, principal, params: {}, headers: {} };
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
