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
  /** A sweep step every second clears stale keys once no new keys arrive to reclaim them. */
  memorySweepIntervalMs: 1000,
  /** 20 000 keys per step stays well under a millisecond of event-loop time. */
  memorySweepBatch: 20_000,
});

/**
 * Defaults of the brute-force guard, each with its reason.
 */
export const BRUTE_FORCE_DEFAULTS = Object.freeze({
  /** Apart from the rate-limit keys, so the two never collide in one Redis. */
  prefix: 'bulwark:bf:',
  /** Five tries covers typos and a caps-lock; a guesser gets little from five. */
  pairLimit: 5,
  /** An office behind one NAT mistypes far less than 50 times in a window; a stuffer more. */
  addressLimit: 50,
  /** A quarter of an hour without failures clears the slate. */
  window: '15m' as const,
  /** The first lock is short, so a user who mistyped barely notices. */
  baseDelay: '1s' as const,
  /** Doubling stops at a quarter of an hour: long for a guesser, bearable for a user. */
  maxDelay: '15m' as const,
});
