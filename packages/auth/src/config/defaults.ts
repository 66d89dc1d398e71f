/**
 * Every default of `@bulwark/auth`, each with its reasoning. Options that are not given take
 * these values; changing one here changes it everywhere.
 */
export const AUTH_DEFAULTS = Object.freeze({
  /**
   * Allowed clock skew when checking `exp`, `nbf` and `iat`, in seconds. Small, because every
   * second of tolerance is a second an expired token still works; 5 s covers NTP-synchronised
   * hosts.
   */
  clockToleranceSeconds: 5,
  /** The largest tolerance accepted, in seconds; more would make `exp` meaningless. */
  maxClockToleranceSeconds: 300,
  /**
   * The largest bearer token accepted, in characters. Real access tokens are well under 4 KB;
   * refusing before decoding bounds the work an attacker can make us do per request.
   */
  maxTokenLength: 8192,
  /** The claim holding roles: a list of strings. */
  rolesClaim: 'roles',
  /** The claim holding the tenant: a string. */
  tenantClaim: 'tenant',
  /**
   * Lifetime of tokens minted by the development signer when `expiresIn` is not given. Short, so
   * a leaked test token is soon useless.
   */
  signerExpiresIn: '15m',
  /**
   * How long a fetched JWKS is used before it is fetched again. Issuers publish a new key well
   * before signing with it, so ten minutes picks it up in time while sparing the issuer.
   */
  jwksCacheMaxAge: '10m',
  /**
   * The least time between two JWKS fetches. Tokens with unknown `kid`s trigger a refresh; this
   * bound means an attacker sending random `kid`s makes us fetch at most twice a minute.
   */
  jwksCooldown: '30s',
  /**
   * How long the last good JWKS stays usable while refreshing fails. Keys in it were published
   * by the issuer; an hour rides out an outage without accepting removed keys indefinitely.
   */
  jwksMaxStale: '1h',
  /** Time allowed for one JWKS fetch; a slow issuer must not hold requests for long. */
  jwksTimeout: '5s',
  /** The largest JWKS response read; real sets are a few kilobytes. */
  jwksMaxResponseBytes: 65_536,
  /** The most verified tokens remembered; about 1 KB each, so about 10 MB at most. */
  tokenCacheMaxEntries: 10_000,
  /** The longest a verified token is remembered, whatever its `exp`. */
  tokenCacheMaxAge: '5m',
} as const);
