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
  /**
   * A parameter the route never declared was meant to change something (a filter, a flag); ignoring
   * it silently answers a different question than the client asked, and refusing it makes probing
   * visible.
   */
  undeclaredQuery: 'refuse' as const,
  /** Real API queries carry a handful of parameters; the bound caps parsing and validation work. */
  queryMaxParameters: 50,
  /** One year: long enough that a returning browser never makes a first plain request again. */
  hstsMaxAge: 31_536_000,
  /** A sibling host served over plain HTTP could set cookies for the parent domain. */
  hstsIncludeSubDomains: true,
  /** Preloading is hard to undo, so it is the operator's explicit decision. */
  hstsPreload: false,
  /** `__Host-` makes browsers insist on Secure, Path=/ and no Domain, so a subdomain cannot plant it. */
  csrfCookieName: '__Host-bulwark-csrf',
  /** A custom header cannot be sent cross-origin without a CORS preflight. */
  csrfHeaderName: 'x-csrf-token',
  csrfTokenPath: '/csrf-token',
  /** Shorter secrets make the token HMAC guessable offline. */
  csrfMinSecretLength: 32,
  /** Slow-header clients (slowloris) hold a socket at most this long. */
  headersTimeoutMs: 10_000,
  /** A whole request, body included, must arrive within this time. */
  requestTimeoutMs: 30_000,
  /** Idle keep-alive sockets are released quickly; clients reconnect cheaply. */
  keepAliveTimeoutMs: 5_000,
  /** How often the server looks for requests past their timeout; Node's 30 s lets slow clients linger. */
  connectionsCheckingIntervalMs: 1_000,
  /** Node's own limit, pinned so a `--max-http-header-size` flag cannot raise it silently; a JWT with many claims plus cookies fits. */
  maxHeaderBytes: 16_384,
  /** Real clients send a few dozen headers; thousands are an attack on parsing and logging. */
  maxHeadersCount: 100,
  /** TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow weak ciphers. */
  tlsMinVersion: 'TLSv1.2' as const,
  /** Development certificates live long enough for a working session, not for deployment. */
  developmentCertificateDays: 30,
});
