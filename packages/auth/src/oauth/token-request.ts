import type { CredentialRequest } from '../authenticator';
import { readHeader, splitAuthorization, isScheme } from '../internal/headers';
import { OAuthError } from './oauth-error';
import { parseScope } from './scopes';

/** A token request as the framework hands it over. */
export interface TokenRequest {
  /** Request headers with lower-case names. */
  readonly headers: CredentialRequest['headers'];
  /** The raw body, undecoded. */
  readonly body: string;
  /** The resolved client address (trusted proxies applied). */
  readonly clientAddress: string;
}

/** The credentials and parameters of a well-formed client-credentials request. */
export interface ParsedTokenRequest {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: 'client_secret_basic' | 'client_secret_post';
  /** `undefined` when the client asked for no particular scope. */
  readonly scopes: readonly string[] | undefined;
}

/** The largest token request body read, in bytes; real ones are a few hundred. */
export const MAX_TOKEN_REQUEST_BYTES = 4096;

/**
 * Parses a client-credentials token request (RFC 6749 §4.4.2) and its client authentication
 * (§2.3.1: `client_secret_basic` or `client_secret_post`, never both).
 *
 * @param request - Headers and raw body.
 * @returns The client credentials and requested scopes.
 * @throws OAuthError `invalid_request`, `unsupported_grant_type`, `invalid_scope` or
 *   `invalid_client` (no or malformed client authentication).
 */
export function parseTokenRequest(request: TokenRequest): ParsedTokenRequest {
  const contentType = readHeader(asCredential(request), 'content-type');
  const mediaType =
    contentType.state === 'single'
      ? contentType.value.split(';')[0]?.trim().toLowerCase()
      : undefined;
  if (mediaType !== 'application/x-www-form-urlencoded')
    throw new OAuthError('invalid_request', 'oauth.content-type');
  if (Buffer.byteLength(request.body) > MAX_TOKEN_REQUEST_BYTES)
    throw new OAuthError('invalid_request', 'oauth.body-too-large');
  const params = readForm(request.body);

  const grant = params.get('grant_type');
  if (grant === undefined) throw new OAuthError('invalid_request', 'oauth.grant-missing');
  if (grant !== 'client_credentials')
    throw new OAuthError('unsupported_grant_type', 'oauth.grant-unsupported');
  const scopeParam = params.get('scope');
  const scopes = scopeParam === undefined ? undefined : parseScope(scopeParam);
  if (scopeParam !== undefined && scopes === undefined)
    throw new OAuthError('invalid_scope', 'oauth.scope-syntax');

  return { ...clientCredentials(request, params), scopes };
}

function asCredential(request: TokenRequest): CredentialRequest {
  return { headers: request.headers, cookies: {}, query: {}, clientAddress: request.clientAddress };
}

function readForm(body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    // RFC 6749 §3.2: parameters must not be repeated; a repeated one is ambiguous.
    if (params.has(name)) throw new OAuthError('invalid_request', 'oauth.parameter-repeated');
    params.set(name, value);
  }
  return params;
}

function clientCredentials(
  request: TokenRequest,
  params: Map<string, string>,
): Pick<ParsedTokenRequest, 'clientId' | 'clientSecret' | 'method'> {
  const header = readHeader(asCredential(request), 'authorization');
  if (header.state === 'repeated')
    throw new OAuthError('invalid_request', 'oauth.authorization-repeated');
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (header.state === 'single') {
    if (bodySecret !== undefined) throw new OAuthError('invalid_request', 'oauth.two-auth-methods');
    const basic = decodeBasic(header.value);
    if (bodyId !== undefined && bodyId !== basic.clientId)
      throw new OAuthError('invalid_request', 'oauth.client-id-mismatch');
    return { ...basic, method: 'client_secret_basic' };
  }
  if (bodyId === undefined || bodySecret === undefined || bodyId === '' || bodySecret === '') {
    throw new OAuthError('invalid_client', 'oauth.no-client-authentication');
  }
  return { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' };
}

function decodeBasic(value: string): { clientId: string; clientSecret: string } {
  const { scheme, credential } = splitAuthorization(value);
  if (!isScheme(scheme, 'Basic') || !/^[A-Za-z0-9+/]+={0,2}$/.test(credential)) {
    throw new OAuthError('invalid_client', 'oauth.basic-malformed');
  }
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1)
    throw new OAuthError('invalid_client', 'oauth.basic-malformed');
  try {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw new OAuthError('invalid_client', 'oauth.basic-malformed');
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
