/**
 * Every default of `@bulwark/rate-limit`, each with its reason.
 */
export const RATE_LIMIT_DEFAULTS = Object.freeze({
  /** Namespaces Bulwark's keys in a shared Redis and tells apps on one Redis apart. */
  prefix: 'bulwark:rl:',
  /** One IPv4 address is one client; carrier-grade NAT users share, which errs strict. */
  ipv4Prefix: 32,
  /** A subscriber usually holds a whole /64 and can rotate addresses inside it freely. */
  ipv6Prefix: 64,
  /** Fail closed: an unreachable store must not switch rate limiting off. */
  onStoreError: 'deny' as const,
  /** One million live keys, the size the memory budget in the docs is measured for. */
  memoryMaxKeys: 1_000_000,
  /** A sweep step every second keeps stale keys from piling up between reads. */
  memorySweepIntervalMs: 1000,
  /** 20 000 keys per step stays well under a millisecond of event-loop time. */
  memorySweepBatch: 20_000,
});
