import type { Principal } from '@bulwark/core';

/** The parts of a request an authenticator may read. Header names are lower-case. */
export interface CredentialRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly cookies: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly clientAddress: string;
}

/**
 * Turns a request's credential into a principal for one scheme.
 *
 * Contract: resolve `null` when the request carries no credential of this scheme (the runtime
 * then tries the route's next scheme, or answers 401 `ERR_AUTHN_REQUIRED`); throw a
 * `BulwarkError` with code `ERR_AUTHN_INVALID` (and `reason` for the audit record) when a
 * credential is present but fails any check. Never resolve a principal for a credential that
 * was not fully verified.
 */
export interface Authenticator {
  /** The name routes use in `schemes`, such as `bearer` or `apiKey`. */
  readonly scheme: string;
  /** The `WWW-Authenticate` challenge sent with a 401 when no credential was given. */
  readonly challenge: string;
  /**
   * The cookie this scheme reads its credential from, for schemes browsers send on their own
   * (session cookies). Set it, and the runtime demands CSRF protection on every state-changing
   * request that carries this cookie on a route accepting the scheme. Leave it out for header
   * schemes (bearer, API key), which a cross-site page cannot make a browser send.
   *
   * Security: a cookie scheme that leaves this out is not CSRF-protected.
   */
  readonly credentialCookie?: string;
  authenticate(request: CredentialRequest): Promise<Principal | null>;
  /**
   * Answers from memory, without waiting, when it can: the principal of a credential verified
   * before, or `null` when the request carries no credential of this scheme. `undefined` means
   * "ask `authenticate`", which every other case does, refusals included.
   *
   * Security: it must never accept what `authenticate` would refuse; it may only decline.
   */
  authenticateNow?(request: CredentialRequest): Principal | null | undefined;
}
