import type { CredentialRequest } from '../authenticator';

/** The outcome of reading one header: absent, a single value, or repeated (ambiguous). */
export type HeaderValue =
  | { readonly state: 'absent' }
  | { readonly state: 'single'; readonly value: string }
  | { readonly state: 'repeated' };

/**
 * Reads a header by its lower-case name, telling a repeated header apart from a single one.
 *
 * Security: a credential header sent twice is ambiguous (two proxies may each pick a different
 * copy), so callers refuse it instead of choosing one.
 *
 * @param request - The request's credential view.
 * @param name - The lower-case header name.
 * @returns Whether the header is absent, present once (with its value) or repeated.
 */
export function readHeader(request: CredentialRequest, name: string): HeaderValue {
  const raw = request.headers[name];
  if (raw === undefined) return { state: 'absent' };
  if (Array.isArray(raw)) {
    if (raw.length === 0) return { state: 'absent' };
    if (raw.length > 1) return { state: 'repeated' };
    return { state: 'single', value: raw[0] as string };
  }
  return { state: 'single', value: raw };
}

/** An `Authorization` header split into its scheme and credential. */
export interface AuthorizationParts {
  readonly scheme: string;
  readonly credential: string;
}

/**
 * Splits an `Authorization` header value into scheme and credential (RFC 9110 §11.4).
 *
 * @param value - The header value.
 * @returns The scheme as written and the trimmed credential (possibly empty).
 */
export function splitAuthorization(value: string): AuthorizationParts {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { scheme: trimmed, credential: '' };
  return { scheme: trimmed.slice(0, space), credential: trimmed.slice(space).trim() };
}

/**
 * Compares an authentication scheme name case-insensitively, as RFC 9110 §11.1 requires.
 *
 * @param actual - The scheme as the client wrote it.
 * @param expected - The scheme an authenticator handles.
 * @returns `true` when they name the same scheme.
 */
export function isScheme(actual: string, expected: string): boolean {
  return actual.toLowerCase() === expected.toLowerCase();
}
