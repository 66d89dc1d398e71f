/**
 * The single catalog of Bulwark error codes.
 *
 * Every code is API: clients switch on it, so a code is never renamed or reused. A retired code
 * stays here with `isRetired: true`. `docs/errors.md` lists the same codes; a test fails when the
 * two disagree.
 *
 * Request codes (`kind: 'request'`) become `application/problem+json` responses. Setup codes
 * (`kind: 'setup'`) are thrown at decoration or bootstrap and never reach a client.
 */
export interface ErrorCatalogEntry {
  readonly status: number;
  readonly kind: 'request' | 'setup';
  readonly title: string;
  readonly description: string;
  readonly remedy: string;
  readonly isRetired?: boolean;
}

export const ERROR_CATALOG = Object.freeze({
  ERR_AUTHN_REQUIRED: {
    status: 401,
    kind: 'request',
    title: 'Authentication required',
    description: 'The route needs a credential and the request carried none.',
    remedy: 'Send a credential accepted by the route, for example `Authorization: Bearer <token>`.',
  },
  ERR_AUTHN_INVALID: {
    status: 401,
    kind: 'request',
    title: 'Invalid credential',
    description:
      'The credential was present but could not be verified (bad signature, expired, wrong issuer or audience, revoked, unknown).',
    remedy: 'Obtain a fresh credential from the issuer. The audit record names the failed check.',
  },
  ERR_AUTHN_LOCKED: {
    status: 429,
    kind: 'request',
    title: 'Too many failed authentication attempts',
    description: 'Repeated authentication failures locked this account or address out for a while.',
    remedy: 'Wait for the time given in `Retry-After` before trying again.',
  },
  ERR_OAUTH_INVALID_REQUEST: {
    status: 400,
    kind: 'request',
    title: 'Invalid token request',
    description:
      'The token request is malformed: not form-encoded, a repeated parameter, no `grant_type`, or two client authentication methods at once (RFC 6749 `invalid_request`).',
    remedy:
      'POST `application/x-www-form-urlencoded` with `grant_type=client_credentials`, authenticating once (Basic header or body).',
  },
  ERR_OAUTH_INVALID_CLIENT: {
    status: 401,
    kind: 'request',
    title: 'Client authentication failed',
    description:
      'The client could not be authenticated: unknown client, wrong secret, disabled client or no credentials. The cases answer alike (RFC 6749 `invalid_client`).',
    remedy: 'Check the client id and secret; ask the operator whether the client is enabled.',
  },
  ERR_OAUTH_INVALID_SCOPE: {
    status: 400,
    kind: 'request',
    title: 'Invalid scope',
    description:
      'The requested scope is malformed or none of it is allowed for the client (RFC 6749 `invalid_scope`).',
    remedy: 'Request scopes the client is registered for, separated by single spaces.',
  },
  ERR_OAUTH_UNSUPPORTED_GRANT_TYPE: {
    status: 400,
    kind: 'request',
    title: 'Unsupported grant type',
    description:
      'The token endpoint supports only the `client_credentials` grant (RFC 6749 `unsupported_grant_type`).',
    remedy: 'Send `grant_type=client_credentials`.',
  },
  ERR_AUTHZ_DENIED: {
    status: 403,
    kind: 'request',
    title: 'Forbidden',
    description: 'The authenticated principal may not perform this action on this subject.',
    remedy: 'Use a principal whose roles or scopes grant the permission.',
  },
  ERR_AUTHZ_SCOPE_INSUFFICIENT: {
    status: 403,
    kind: 'request',
    title: 'Insufficient scope',
    description: 'The access token lacks a scope the route requires.',
    remedy: 'Request a token with the scopes listed in the `WWW-Authenticate` header.',
  },
  ERR_AUTHZ_FIELDS_DENIED: {
    status: 403,
    kind: 'request',
    title: 'Fields may not be written',
    description: 'The body sets fields the principal may not write (mass assignment).',
    remedy: 'Leave out the fields named in `details.fields`.',
  },
  ERR_AUTHZ_PARAMETER_CONFLICT: {
    status: 400,
    kind: 'request',
    title: 'Conflicting identifiers',
    description: 'The same identifier arrived with different values in the path, query or body.',
    remedy: 'Send the identifier once, in the path.',
  },
  ERR_NOT_FOUND: {
    status: 404,
    kind: 'request',
    title: 'Not found',
    description:
      'No resource matches, or the principal may not know it exists. The two cases answer alike.',
    remedy: 'Check the identifier and the permissions of the principal.',
  },
  ERR_ROUTE_NOT_FOUND: {
    status: 404,
    kind: 'request',
    title: 'Not found',
    description: 'No route matches the method and path.',
    remedy: 'Check the method and path against the API reference.',
  },
  ERR_VALIDATION_FAILED: {
    status: 400,
    kind: 'request',
    title: 'Invalid request',
    description: 'The body, query, path parameters or headers failed validation.',
    remedy: 'Correct the fields listed in `details.errors`.',
  },
  ERR_REQUEST_MALFORMED: {
    status: 400,
    kind: 'request',
    title: 'Malformed request',
    description:
      'The request could not be parsed: invalid JSON, forbidden keys such as `__proto__`, or limits on depth, array length or string length exceeded.',
    remedy: 'Send well-formed JSON within the documented limits.',
  },
  ERR_REQUEST_TOO_LARGE: {
    status: 413,
    kind: 'request',
    title: 'Payload too large',
    description: 'The request body is larger than the route accepts.',
    remedy: 'Send a smaller body.',
  },
  ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    kind: 'request',
    title: 'Unsupported media type',
    description: 'The route does not accept the request body content type.',
    remedy: 'Send `Content-Type: application/json` or the type the route documents.',
  },
  ERR_CSRF_FAILED: {
    status: 403,
    kind: 'request',
    title: 'Cross-site request refused',
    description:
      'A state-changing request authenticated by cookie failed the origin or CSRF token check.',
    remedy: 'Send the CSRF token header from the same origin, or authenticate with a bearer token.',
  },
  ERR_HTTPS_REQUIRED: {
    status: 403,
    kind: 'request',
    title: 'HTTPS required',
    description: 'The server accepts this request only over HTTPS.',
    remedy: 'Repeat the request with `https://`.',
  },
  ERR_RATE_LIMITED: {
    status: 429,
    kind: 'request',
    title: 'Too many requests',
    description: 'A rate limit of the route is exhausted for this key.',
    remedy: 'Wait for the time given in `Retry-After`.',
  },
  ERR_RATE_LIMIT_UNAVAILABLE: {
    status: 503,
    kind: 'request',
    title: 'Service unavailable',
    description: 'The rate-limit store could not be reached and the route fails closed.',
    remedy: 'Retry later. Operators: restore the store, or set `onStoreError: "allow"` knowingly.',
  },
  ERR_CLIENT_BLOCKED: {
    status: 429,
    kind: 'request',
    title: 'Temporarily blocked',
    description:
      'Repeated denials or authentication failures from this address or principal triggered a temporary block.',
    remedy:
      'Wait for the time given in `Retry-After`. Operators: the audit trail holds the `security.suspicious` event that started the block.',
  },
  ERR_AUDIT_UNAVAILABLE: {
    status: 503,
    kind: 'request',
    title: 'Service unavailable',
    description:
      'The audit record of a mutating route could not be made durable, so it did not act.',
    remedy:
      'Retry later. Operators: restore the audit store, or set `onAuditFailure: "continue"` knowingly.',
  },
  ERR_INTERNAL: {
    status: 500,
    kind: 'request',
    title: 'Internal error',
    description: 'An unexpected error. The detail is in the server log under the request id.',
    remedy: 'Report the request id to the operators.',
  },
  ERR_CONFIG_INVALID: {
    status: 500,
    kind: 'setup',
    title: 'Invalid configuration',
    description: 'The options given at bootstrap are invalid; every problem is listed together.',
    remedy: 'Fix each problem listed in `details.problems`.',
  },
  ERR_POLICY_MISSING: {
    status: 500,
    kind: 'setup',
    title: 'Route without a policy',
    description:
      'In strict mode every route must declare `@Authorize(...)` or `@Public()`; some do not.',
    remedy: 'Declare a policy on each route named in `details.routes`, or on its controller.',
  },
  ERR_POLICY_INVALID: {
    status: 500,
    kind: 'setup',
    title: 'Invalid route policy',
    description:
      'A route policy cannot be enforced: an unknown action or subject, a conditional permission without a loader, a body without a schema, conflicting declarations.',
    remedy: 'Fix each route named in `details.problems`.',
  },
  ERR_DECORATOR_ARGUMENT: {
    status: 500,
    kind: 'setup',
    title: 'Invalid decorator argument',
    description: 'A Bulwark decorator was called with arguments it cannot use.',
    remedy: 'Fix the decorator call named in the message.',
  },
  ERR_DUPLICATE_INSTALL: {
    status: 500,
    kind: 'setup',
    title: 'Two copies of @bulwark/core',
    description:
      'Two copies of @bulwark/core are loaded, so decorators recorded by one are invisible to the other.',
    remedy: 'Deduplicate the dependency (`npm dedupe`) so one copy is installed.',
  },
  ERR_OPENAPI_INVALID: {
    status: 500,
    kind: 'setup',
    title: 'OpenAPI document cannot be generated',
    description:
      'The OpenAPI document cannot describe what the app enforces: an authentication scheme no describer knows, an example the route itself would refuse, or a route path OpenAPI cannot express.',
    remedy: 'Fix each problem listed in `details.problems`.',
  },
} as const satisfies Record<string, ErrorCatalogEntry>);

/** Every Bulwark error code, a closed union callers can switch over. */
export type ErrorCode = keyof typeof ERROR_CATALOG;

/**
 * Looks up a code's catalog entry.
 *
 * @param code - A code of the catalog.
 * @returns The entry, with its HTTP status, description and remedy.
 */
export function describeError(code: ErrorCode): ErrorCatalogEntry {
  return ERROR_CATALOG[code];
}
