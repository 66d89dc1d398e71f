/**
 * Every default of the runtime, each with its reason. Options left out take these values.
 */
export const DEFAULTS = Object.freeze({
  /** Fail closed: an undeclared route is a bug, not an open door. */
  strict: true,
  /** Mutating calls are the ones an incident review needs; reads are opt-in via `@Audit`. */
  auditMutatingByDefault: true,
  /** Acting without a record is worse than refusing with 503. */
  onAuditFailure: 'fail' as const,
  /** Big enough for API payloads, small enough that parsing cannot exhaust memory. */
  bodyMaxBytes: 100 * 1024,
  /** Real API payloads nest a few levels; deep nesting is a parser attack. */
  bodyMaxDepth: 20,
  /** Bounds the work of validating each element. */
  bodyMaxArrayLength: 1000,
  /** Bounds regular-expression work in validators and storage size. */
  bodyMaxStringLength: 10_000,
  /** Development only; stack traces help attackers. */
  exposeStackTraces: false,
  /** Without a known proxy, forwarded headers are attacker-controlled. */
  trustedProxies: Object.freeze([] as string[]),
  /** Headers browser clients need to honour limits and report request ids. */
  corsExposedHeaders: Object.freeze([
    'RateLimit',
    'RateLimit-Policy',
    'Retry-After',
    'X-Request-Id',
  ]),
  corsMaxAge: 600,
});
