import type { CompiledRateLimit, RateLimitKeyInput, RoutePolicy } from '@bulwark/core';

/** A limit no benchmark exhausts, so every check takes the common (admitted) path. */
export function benchLimit(overrides: Partial<CompiledRateLimit> = {}): CompiledRateLimit {
  return Object.freeze({
    name: 'bench',
    limit: 1_000_000_000,
    windowMs: 60_000,
    algorithm: 'fixed-window',
    key: 'ip',
    cost: 1,
    origin: 'method',
    ...overrides,
  });
}

/** A compiled route carrying `limits`, as the runtime would hand it to the enforcer. */
export function benchRoute(limits: readonly CompiledRateLimit[]): RoutePolicy {
  class BenchController {}
  return Object.freeze({
    id: 'BenchController.get',
    method: 'GET',
    path: '/bench/:id',
    controller: BenchController,
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

/** The i-th of 16.7 million distinct IPv4 client addresses. */
export function addressOf(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** What the runtime passes for an anonymous request from the i-th address. */
export function inputOf(i: number): RateLimitKeyInput {
  return { clientAddress: addressOf(i), principal: null, params: {}, headers: {} };
}
