/** The token endpoint's error codes (RFC 6749 §5.2, plus `slow_down` from RFC 8628 §3.5). */
export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type' | 'slow_down';

/** The Bulwark catalog code sent alongside each OAuth error, so clients can switch on either. */
const CATALOG_CODES = Object.freeze({
  invalid_request: 'ERR_OAUTH_INVALID_REQUEST',
  invalid_client: 'ERR_OAUTH_INVALID_CLIENT',
  invalid_scope: 'ERR_OAUTH_INVALID_SCOPE',
  unsupported_grant_type: 'ERR_OAUTH_UNSUPPORTED_GRANT_TYPE',
  slow_down: 'ERR_AUTHN_LOCKED',
} as const);

const DESCRIPTIONS: Readonly<Record<OAuthErrorCode, string>> = Object.freeze({
  invalid_request: 'The token request is malformed.',
  invalid_client: 'Client authentication failed.',
  invalid_scope: 'The requested scope is invalid or not allowed for this client.',
  unsupported_grant_type: 'Only the client_credentials grant is supported.',
  slow_down: 'Too many failed attempts; wait before trying again.',
});

/** A refusal of the token endpoint: the OAuth error and, for the audit record, the reason. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  /**
   * @param error - The RFC 6749 error code.
   * @param reason - Which check failed; goes to the audit record, never to the client.
   * @param retryAfterSeconds - For `slow_down`, when to try again.
   */
  constructor(
    readonly error: OAuthErrorCode,
    readonly reason: string,
    readonly retryAfterSeconds = 0,
  ) {
    super(DESCRIPTIONS[error]);
  }

  /** HTTP status per RFC 6749 §5.2: 401 for `invalid_client`, 429 for `slow_down`, else 400. */
  get status(): number {
    if (this.error === 'invalid_client') return 401;
    return this.error === 'slow_down' ? 429 : 400;
  }

  /** The Bulwark catalog code of this refusal. */
  get code(): (typeof CATALOG_CODES)[OAuthErrorCode] {
    return CATALOG_CODES[this.error];
  }

  /** The JSON body: `error` and `error_description` per RFC 6749, plus the catalog `code`. */
  toBody(): Readonly<Record<string, string>> {
    return { error: this.error, error_description: DESCRIPTIONS[this.error], code: this.code };
  }
}
