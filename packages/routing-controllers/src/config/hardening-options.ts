/** Strict-Transport-Security settings. */
export interface HstsOptions {
  /** Seconds browsers remember to use HTTPS only. @defaultValue 31536000 (one year) */
  readonly maxAge?: number;
  /** Cover every subdomain too. @defaultValue true */
  readonly includeSubDomains?: boolean;
  /** Ask to be put on the browsers' preload lists. @defaultValue false */
  readonly preload?: boolean;
}

/**
 * What a request that did not arrive over HTTPS gets, and the HSTS header.
 *
 * A request counts as HTTPS when its own connection is TLS, or when it comes from a trusted proxy
 * (`trustedProxies`) whose last `X-Forwarded-Proto` value is `https`. From anyone else the header
 * is ignored.
 */
export interface HttpsOptions {
  /**
   * `'refuse'` answers 403 `ERR_HTTPS_REQUIRED`; `'redirect'` answers GET and HEAD with a 308 to
   * the same path on `redirectOrigin` and refuses every other method (its body and credentials
   * already crossed the network in clear, so replaying it over HTTPS would hide the bug);
   * `'allow'` serves plain HTTP.
   *
   * Security: `'allow'` in production exposes credentials and responses to anyone on the path.
   * @defaultValue 'refuse' in production, 'allow' otherwise
   */
  readonly plainHttp?: 'refuse' | 'redirect' | 'allow';
  /**
   * The public HTTPS origin redirects point to, such as `https://api.example.com`. Required with
   * `plainHttp: 'redirect'`; the `Host` header is never used, so a forged one cannot turn the
   * redirect into an open redirect or poison a cache.
   */
  readonly redirectOrigin?: string;
  /** The `Strict-Transport-Security` header, or `false` to leave it out. @defaultValue one year, subdomains included, no preload */
  readonly hsts?: HstsOptions | false;
}

/**
 * CSRF protection of routes that accept a cookie credential (an authenticator with a
 * `credentialCookie`). A state-changing request (POST, PUT, PATCH, DELETE) that carries such a
 * cookie must come from an allowed origin (`Origin`, or `Sec-Fetch-Site: same-origin` when the
 * browser sent no `Origin`) and carry the CSRF token in a header that matches the token cookie
 * (signed double-submit, bound to the session cookie). Bearer and API-key requests carry no
 * ambient credential and are not checked.
 */
export interface CsrfOptions {
  /**
   * HMAC secret of the tokens, at least 32 characters; a list to rotate (the first signs, all
   * verify). Keep it out of the source.
   */
  readonly secret: string | readonly string[];
  /**
   * Origins besides the server's own whose cookie-authenticated writes are accepted.
   * @defaultValue the CORS origins when `cors.credentials` is true, otherwise none
   */
  readonly trustedOrigins?: readonly string[];
  /** Cookie holding the token. @defaultValue '__Host-bulwark-csrf' */
  readonly cookieName?: string;
  /** Request header carrying the token. @defaultValue 'x-csrf-token' */
  readonly headerName?: string;
  /** Path of the route that issues a token (GET, needs the session cookie). @defaultValue '/csrf-token' */
  readonly tokenPath?: string;
}

/** What happens to query strings. */
export interface QueryOptions {
  /**
   * On a route without a query DTO: `'refuse'` answers 400 `ERR_VALIDATION_FAILED` when any
   * parameter is present; `'ignore'` empties the query before the handler runs, so no
   * unvalidated value reaches it.
   * @defaultValue 'refuse'
   */
  readonly undeclared?: 'refuse' | 'ignore';
  /** Most parameters a query string may carry (400 `ERR_REQUEST_MALFORMED` beyond). @defaultValue 50 */
  readonly maxParameters?: number;
}
