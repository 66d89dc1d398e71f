import { parseDuration } from '@bulwark/core';
import { isNonEmptyString, isOptionsObject, ProblemList } from '../internal/options';
import { SigningKeyRing } from './signing-key-ring';
import type { TokenEndpointOptions } from './token-endpoint';

const KNOWN = [
  'issuer',
  'audience',
  'clients',
  'keys',
  'tokenLifetime',
  'throttle',
  'tokenPath',
  'jwksPath',
  'hashParams',
  'clock',
];
const MAX_LIFETIME_MS = 86_400_000;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** The checked token-endpoint settings. */
export interface EndpointSettings {
  /** The RFC 8414 metadata document, frozen. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Checks the token endpoint's options and builds its metadata document.
 *
 * @param options - The options as given.
 * @returns The frozen metadata.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem.
 */
export function checkEndpointOptions(options: TokenEndpointOptions): EndpointSettings {
  const problems = new ProblemList();
  const where = 'createTokenEndpoint';
  if (!isOptionsObject(options)) {
    problems.check(true, 'options must be an object.');
    problems.throwIfAny(where);
  }
  problems.rejectUnknownKeys(where, options, KNOWN);
  const issuer = issuerUrl(options.issuer);
  problems.check(
    issuer === undefined,
    'issuer: an https URL (http only on loopback) without query or fragment.',
  );
  const aud = options.audience;
  problems.check(
    !(
      isNonEmptyString(aud) ||
      (Array.isArray(aud) && aud.length > 0 && aud.every(isNonEmptyString))
    ),
    'audience: a non-empty string or list.',
  );
  checkCollaborators(options, problems);
  checkPaths(options, problems);
  problems.throwIfAny(where);

  return { metadata: metadataOf(options, (issuer as URL).origin) };
}

function checkCollaborators(options: TokenEndpointOptions, problems: ProblemList): void {
  problems.check(!hasStoreShape(options.clients), 'clients: an OAuthClientStore.');
  problems.check(
    !hasThrottleShape(options.throttle),
    'throttle: a FailureThrottle such as createBruteForceGuard() of @bulwark/rate-limit.',
  );
  const isRing = options.keys instanceof SigningKeyRing;
  problems.check(!isRing, 'keys: a SigningKeyRing from createSigningKeyRing().');
  const lifetime = lifetimeMs(options.tokenLifetime, problems);
  if (isRing && lifetime !== undefined) {
    problems.check(
      options.keys.retainRetiredForMs < lifetime,
      'keys: retainRetiredFor must be at least tokenLifetime, or rotated keys vanish before their tokens expire.',
    );
  }
}

function checkPaths(options: TokenEndpointOptions, problems: ProblemList): void {
  for (const name of ['tokenPath', 'jwksPath'] as const) {
    const path = options[name];
    problems.check(
      path !== undefined && !(isNonEmptyString(path) && path.startsWith('/')),
      `${name}: a path starting with "/".`,
    );
  }
}

function metadataOf(
  options: TokenEndpointOptions,
  origin: string,
): Readonly<Record<string, unknown>> {
  return Object.freeze({
    issuer: options.issuer,
    token_endpoint: `${origin}${options.tokenPath ?? '/oauth/token'}`,
    jwks_uri: `${origin}${options.jwksPath ?? '/.well-known/jwks.json'}`,
    grant_types_supported: Object.freeze(['client_credentials']),
    token_endpoint_auth_methods_supported: Object.freeze([
      'client_secret_basic',
      'client_secret_post',
    ]),
    response_types_supported: Object.freeze([]),
  });
}

function issuerUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    return undefined;
  if (url.protocol === 'https:') return url;
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname) ? url : undefined;
}

function lifetimeMs(
  value: TokenEndpointOptions['tokenLifetime'],
  problems: ProblemList,
): number | undefined {
  try {
    const ms = parseDuration(value ?? '1h');
    problems.check(ms < 1000 || ms > MAX_LIFETIME_MS, 'tokenLifetime: between 1s and 1d.');
    return ms;
  } catch {
    problems.check(true, 'tokenLifetime: a positive duration such as "1h".');
    return undefined;
  }
}

function hasStoreShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const store = value as Record<string, unknown>;
  return ['findById', 'save'].every((m) => typeof store[m] === 'function');
}

function hasThrottleShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return ['check', 'recordFailure', 'recordSuccess'].every((m) => typeof t[m] === 'function');
}
