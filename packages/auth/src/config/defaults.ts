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
} as const);
