import { randomUUID } from 'node:crypto';
import { BulwarkError, parseDuration, type Duration } from '@bulwark/core';
import { SignJWT } from 'jose';
import {
  DEFAULT_SCRYPT,
  hashSecret,
  verifySecret,
  type ScryptParams,
} from '../secrets/scrypt-hash';
import type { FailureThrottle } from './failure-throttle';
import { OAuthError } from './oauth-error';
import type { OAuthClient, OAuthClientStore } from './oauth-client-store';
import type { SigningKeyRing } from './signing-key-ring';
import { parseTokenRequest, type ParsedTokenRequest, type TokenRequest } from './token-request';
import { checkEndpointOptions } from './token-endpoint-options';

/** Options of {@link createTokenEndpoint}. */
export interface TokenEndpointOptions {
  /** The issuer identifier (`iss`), an https URL (http only on loopback) without query or fragment. */
  readonly issuer: string;
  /** The `aud` of every access token: the resource server(s) it is for. */
  readonly audience: string | readonly string[];
  readonly clients: OAuthClientStore;
  readonly keys: SigningKeyRing;
  /** Access-token lifetime (`expires_in`), at most one day. @defaultValue '1h' */
  readonly tokenLifetime?: Duration;
  /**
   * Counts failed client authentications per (client, address) and per address, and locks out
   * guessing; required, because every attempt costs a slow hash. `createBruteForceGuard()` of
   * `@bulwark/rate-limit` fits.
   */
  readonly throttle: FailureThrottle;
  /** Path of the token endpoint, for the metadata document. @defaultValue '/oauth/token' */
  readonly tokenPath?: string;
  /** Path of the key set, for the metadata document. @defaultValue '/.well-known/jwks.json' */
  readonly jwksPath?: string;
  /** scrypt cost of the decoy hash checked for unknown clients. @defaultValue N = 2^15 */
  readonly hashParams?: ScryptParams;
  /** @defaultValue Date.now */
  readonly clock?: () => number;
}

/** What the endpoint answers; the framework adapter writes it as JSON. */
export interface TokenResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** Facts for the audit record and log; never sent. */
  readonly outcome: {
    readonly isIssued: boolean;
    /** The presented client id (even an unknown one), or `null` when none was readable. */
    readonly clientId: string | null;
    /** The catalog code of a refusal, or the reason of an issuance. */
    readonly code: string;
    readonly reason: string;
    readonly scopes: readonly string[];
  };
}

/** A framework-neutral OAuth2 client-credentials token endpoint (RFC 6749 §4.4, RFC 9068). */
export interface TokenEndpoint {
  readonly issuer: string;
  /** Handles `POST <tokenPath>`; never throws for a client's mistake, only answers. */
  handle(request: TokenRequest): Promise<TokenResponse>;
  /** The RFC 8414 authorization server metadata. */
  metadata(): Readonly<Record<string, unknown>>;
  /** The published public keys (RFC 7517). */
  jwks(): ReturnType<SigningKeyRing['jwks']>;
}

const NO_STORE = Object.freeze({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });

/**
 * Creates the client-credentials token endpoint. It checks the request's form, throttles by
 * (client, address) and address, authenticates the client against its scrypt hash, narrows the
 * requested scopes to those the client is allowed, and answers an RFC 9068 access token signed
 * with the ring's current asymmetric key:
 * `{"access_token": "...", "token_type": "Bearer", "expires_in": 3600, "scope": "..."}`.
 *
 * Security: an unknown client, a wrong secret and a disabled client get the same status, body
 * and headers, and each costs one scrypt evaluation (unknown clients are checked against a
 * decoy hash), so responses do not reveal which client ids exist. Every response carries
 * `Cache-Control: no-store`.
 *
 * @param options - Issuer, audience, client store, keys and limits.
 * @returns The endpoint.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem with the options.
 */
export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  const { metadata } = checkEndpointOptions(options);
  return new ClientCredentialsEndpoint(options, metadata);
}

class ClientCredentialsEndpoint implements TokenEndpoint {
  readonly issuer: string;
  private readonly clock: () => number;
  private readonly lifetimeSeconds: number;
  private readonly hashParams: ScryptParams;
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly options: TokenEndpointOptions,
    private readonly metadataDocument: Readonly<Record<string, unknown>>,
  ) {
    this.issuer = options.issuer;
    this.clock = options.clock ?? Date.now;
    this.lifetimeSeconds = Math.floor(parseDuration(options.tokenLifetime ?? '1h') / 1000);
    this.hashParams = options.hashParams ?? DEFAULT_SCRYPT;
  }

  handle(request: TokenRequest): Promise<TokenResponse> {
    return this.issue(request).catch((error: unknown) => refusal(error, request));
  }

  metadata(): Readonly<Record<string, unknown>> {
    return this.metadataDocument;
  }

  jwks(): ReturnType<SigningKeyRing['jwks']> {
    return this.options.keys.jwks();
  }

  private async issue(request: TokenRequest): Promise<TokenResponse> {
    const parsed = parseTokenRequest(request);
    const throttle = this.options.throttle;
    const keys = { account: parsed.clientId, address: request.clientAddress };
    const decision = await throttle.check(keys);
    if (!decision.allowed) {
      throw new OAuthError('slow_down', 'oauth.throttled', decision.retryAfterSeconds);
    }

    const client = await this.authenticateClient(parsed).catch(async (error: unknown) => {
      if (error instanceof OAuthError) await throttle.recordFailure(keys);
      throw error;
    });
    await throttle.recordSuccess(keys);

    const scopes = grantedScopes(parsed.scopes, client.allowedScopes);
    const body = {
      access_token: await this.sign(client.id, scopes),
      token_type: 'Bearer',
      expires_in: this.lifetimeSeconds,
      ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    };
    const outcome = {
      isIssued: true,
      clientId: client.id,
      code: 'issued',
      reason: parsed.method,
      scopes,
    };
    return { status: 200, headers: NO_STORE, body, outcome };
  }

  // Every path costs one scrypt evaluation: an unknown id is checked against a decoy hash.
  private async authenticateClient(parsed: ParsedTokenRequest): Promise<OAuthClient> {
    const client = await this.options.clients.findById(parsed.clientId);
    this.decoy ??= hashSecret('decoy secret for unknown clients', this.hashParams);
    const hash = client?.secretHash ?? (await this.decoy);
    const isMatch = await verifySecret(parsed.clientSecret, hash);
    if (client === null) throw new OAuthError('invalid_client', 'oauth.client-unknown');
    if (!isMatch) throw new OAuthError('invalid_client', 'oauth.secret-wrong');
    if (!client.enabled) throw new OAuthError('invalid_client', 'oauth.client-disabled');
    return client;
  }

  private async sign(clientId: string, scopes: readonly string[]): Promise<string> {
    const key = this.options.keys.current();
    const now = Math.floor(this.clock() / 1000);
    const audience = this.options.audience;
    return new SignJWT({
      client_id: clientId,
      ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    })
      .setProtectedHeader({ alg: key.algorithm, typ: 'at+jwt', kid: key.kid })
      .setIssuer(this.options.issuer)
      .setSubject(clientId)
      .setAudience(typeof audience === 'string' ? audience : [...audience])
      .setIssuedAt(now)
      .setExpirationTime(now + this.lifetimeSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }
}

/**
 * Narrows requested scopes to the client's allowed ones (RFC 6749 §3.3 lets the server grant
 * fewer). No request means every allowed scope; a request of which nothing is allowed fails.
 */
function grantedScopes(
  requested: readonly string[] | undefined,
  allowed: readonly string[],
): readonly string[] {
  if (requested === undefined) return allowed;
  const granted = requested.filter((scope) => allowed.includes(scope));
  if (granted.length === 0) throw new OAuthError('invalid_scope', 'oauth.scope-not-allowed');
  return granted;
}

function refusal(error: unknown, request: TokenRequest): TokenResponse {
  if (!(error instanceof OAuthError)) {
    throw error instanceof BulwarkError
      ? error
      : new BulwarkError('ERR_INTERNAL', 'The token endpoint failed.', { cause: error });
  }
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.error === 'invalid_client')
    headers['WWW-Authenticate'] = 'Basic realm="oauth", charset="UTF-8"';
  if (error.error === 'slow_down')
    headers['Retry-After'] = String(Math.max(1, error.retryAfterSeconds));
  return {
    status: error.status,
    headers,
    body: error.toBody(),
    outcome: {
      isIssued: false,
      clientId: presentedClientId(request),
      code: error.code,
      reason: error.reason,
      scopes: [],
    },
  };
}

function presentedClientId(request: TokenRequest): string | null {
  try {
    return parseTokenRequest(request).clientId;
  } catch {
    return null;
  }
}
