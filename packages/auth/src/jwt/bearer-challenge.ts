/** The error codes of RFC 6750 §3.1. */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/** Parameters of a `WWW-Authenticate: Bearer` challenge. */
export interface BearerChallengeParams {
  /** The protection space, shown to the client as is. */
  readonly realm?: string;
  /** The RFC 6750 error code; absent when the request carried no token at all. */
  readonly error?: BearerErrorCode;
  /** A human sentence for developers; never which check failed beyond the error code. */
  readonly errorDescription?: string;
  /** For `insufficient_scope`: the scopes the resource needs. */
  readonly scope?: readonly string[];
}

/**
 * Builds a `WWW-Authenticate` value for the Bearer scheme (RFC 6750 §3). Characters RFC 6750
 * forbids in the quoted values (`"`, `\` and controls) are removed, so a caller-provided
 * description cannot break out of the header syntax.
 *
 * Security: per RFC 6750 §3.1 the client learns only the error code; put which claim failed in
 * the audit record, not in `errorDescription`.
 *
 * @param params - Realm, error code, description and required scopes.
 * @returns The header value, such as `Bearer realm="api", error="invalid_token"`.
 * @example
 * ```ts
 * bearerChallenge({ error: 'insufficient_scope', scope: ['notes:write'] });
 * // 'Bearer error="insufficient_scope", scope="notes:write"'
 * ```
 */
export function bearerChallenge(params: BearerChallengeParams = {}): string {
  const parts: string[] = [];
  if (params.realm !== undefined) parts.push(`realm="${quotable(params.realm)}"`);
  if (params.error !== undefined) parts.push(`error="${params.error}"`);
  if (params.errorDescription !== undefined) {
    parts.push(`error_description="${quotable(params.errorDescription)}"`);
  }
  if (params.scope !== undefined && params.scope.length > 0) {
    parts.push(`scope="${params.scope.map(quotable).join(' ')}"`);
  }
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

function quotable(value: string): string {
  // RFC 6750 §3: %x20-21 / %x23-5B / %x5D-7E — printable ASCII without `"` and `\`.
  return value.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '');
}
