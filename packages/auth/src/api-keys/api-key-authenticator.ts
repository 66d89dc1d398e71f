import { BulwarkError, createPrincipal, noopLogger, parseDuration } from '@bulwark/core';
import type { Duration, Logger, Principal } from '@bulwark/core';
import type { Authenticator, CredentialRequest } from '../authenticator';
import { isScheme, readHeader, splitAuthorization } from '../internal/headers';
import {
  apiKeyPattern,
  hashApiKey,
  isApiKeyPrefix,
  matchesApiKeyHash,
  parseApiKey,
} from './api-key-format';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store';

/** What the owner of a key contributes to its principal. */
export interface ApiKeyOwner {
  readonly roles: readonly string[];
  readonly tenant?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** What the owner loader learns about the key being used; never its secret or hash. */
export interface ApiKeyFacts {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
}

/** Options of {@link createApiKeyAuthenticator}. */
export interface ApiKeyAuthenticatorOptions {
  readonly store: ApiKeyStore;
  /** The product prefix keys carry. @defaultValue 'bwk' */
  readonly prefix?: string;
  /**
   * Loads the owner's current roles, so a key never outlives a role its owner lost; resolving
   * `null` (owner deleted or disabled) refuses the key. It also receives the key's id, name and
   * scopes, so an app can narrow what a key may do below what its owner may do.
   * @defaultValue the key acts with no roles
   */
  readonly loadOwner?: (ownerId: string, key: ApiKeyFacts) => Promise<ApiKeyOwner | null>;
  /** Least time between two `lastUsedAt` writes for one key. @defaultValue '1m' */
  readonly lastUsedGranularity?: Duration;
  /** Receives failures to record `lastUsedAt`. @defaultValue a no-op logger */
  readonly logger?: Logger;
  /** The scheme name routes refer to. @defaultValue 'apiKey' */
  readonly scheme?: string;
  /** @defaultValue Date.now */
  readonly clock?: () => number;
}

// A decoy compared against when the id is unknown, so both paths do the same work.
const DECOY_HASH = hashApiKey('decoy');

/**
 * Creates the API-key authenticator. Keys are read from `Authorization: ApiKey <key>` or
 * `X-API-Key: <key>`, checked for format and checksum, looked up by their identifier, compared
 * by hash in constant time, and refused when revoked, expired, or their owner is gone.
 *
 * Security: a key found in the query string (under any parameter name) is refused with 400
 * rather than ignored: URLs end up in logs, proxies and browser history, so the key must be
 * treated as leaked and the client must learn it at once. A request carrying a key in both
 * headers is refused as ambiguous.
 *
 * @param options - Store, prefix, owner loader and clock.
 * @returns An authenticator for the `apiKey` scheme.
 * @throws BulwarkError `ERR_CONFIG_INVALID` for a bad prefix or store.
 */
export function createApiKeyAuthenticator(options: ApiKeyAuthenticatorOptions): Authenticator {
  const prefix = options.prefix ?? 'bwk';
  const problems: string[] = [];
  if (!isApiKeyPrefix(prefix)) problems.push('prefix: 2–16 lower-case letters or digits.');
  if (typeof options.store?.findById !== 'function') problems.push('store: an ApiKeyStore.');
  if (options.loadOwner !== undefined && typeof options.loadOwner !== 'function') {
    problems.push('loadOwner: a function.');
  }
  if (problems.length > 0) {
    const message = `Invalid options for createApiKeyAuthenticator: ${problems.join(' ')}`;
    throw new BulwarkError('ERR_CONFIG_INVALID', message, { details: { problems } });
  }
  return new ApiKeyAuthenticator(options, prefix);
}

class ApiKeyAuthenticator implements Authenticator {
  readonly scheme: string;
  readonly challenge = 'ApiKey';
  private readonly clock: () => number;
  private readonly granularityMs: number;
  private readonly logger: Logger;
  private readonly inQuery: RegExp;

  constructor(
    private readonly options: ApiKeyAuthenticatorOptions,
    private readonly prefix: string,
  ) {
    this.scheme = options.scheme ?? 'apiKey';
    this.clock = options.clock ?? Date.now;
    this.granularityMs = parseDuration(options.lastUsedGranularity ?? '1m');
    this.logger = options.logger ?? noopLogger;
    this.inQuery = apiKeyPattern(prefix);
  }

  async authenticate(request: CredentialRequest): Promise<Principal | null> {
    if (hasKeyInQuery(request.query, this.inQuery)) throw refuse('apikey.query-string', 400);
    const presented = readKey(request);
    if (presented === null) return null;
    if (presented === 'ambiguous') throw refuse('apikey.ambiguous', 400);

    const record = await this.verify(presented);
    const now = this.clock();
    if (record.revokedAt !== null) throw refuse('apikey.revoked');
    if (record.expiresAt !== null && record.expiresAt.getTime() <= now) {
      throw refuse('apikey.expired');
    }
    const facts = { id: record.id, name: record.name, scopes: record.scopes };
    const owner =
      this.options.loadOwner === undefined
        ? { roles: [] }
        : await this.options.loadOwner(record.ownerId, facts);
    if (owner === null) throw refuse('apikey.owner-unknown');

    this.touch(record, now);
    return principalOf(record, owner, this.scheme);
  }

  // Format and checksum first (no lookup for garbage), then one constant-time hash comparison
  // whether or not the identifier exists.
  private async verify(presented: string): Promise<ApiKeyRecord> {
    const parsed = parseApiKey(presented, this.prefix);
    if (typeof parsed === 'string') throw refuse(`apikey.${parsed}`);
    const record = await this.options.store.findById(parsed.id);
    const isMatch = matchesApiKeyHash(parsed.key, record?.secretHash ?? DECOY_HASH);
    if (record === null) throw refuse('apikey.unknown');
    if (!isMatch) throw refuse('apikey.secret-wrong');
    return record;
  }

  private touch(record: ApiKeyRecord, now: number): void {
    const last = record.lastUsedAt;
    if (last !== null && now - last.getTime() < this.granularityMs) return;
    this.options.store.update(record.id, { lastUsedAt: new Date(now) }).catch((error: unknown) => {
      this.logger.warn('Could not record the last use of an API key.', {
        code: 'W_APIKEY_LAST_USED',
        credentialId: record.id,
        error: String(error),
      });
    });
  }
}

function principalOf(record: ApiKeyRecord, owner: ApiKeyOwner, scheme: string): Principal {
  const tenant = record.tenant ?? owner.tenant;
  return createPrincipal({
    id: record.ownerId,
    kind: 'api-key',
    scheme,
    roles: owner.roles,
    scopes: record.scopes,
    attributes: { ...(owner.attributes ?? {}), apiKeyName: record.name },
    credentialId: record.id,
    ...(tenant === undefined ? {} : { tenant }),
    ...(record.expiresAt === null ? {} : { expiresAt: record.expiresAt.getTime() }),
  });
}

function refuse(reason: string, status: 400 | 401 = 401): BulwarkError {
  const message =
    status === 400 ? 'API keys are accepted only in a request header.' : 'The API key is invalid.';
  return new BulwarkError('ERR_AUTHN_INVALID', message, {
    headers: { 'WWW-Authenticate': 'ApiKey' },
    reason,
    ...(status === 400 ? { status } : {}),
  });
}

function readKey(request: CredentialRequest): string | null | 'ambiguous' {
  const header = readHeader(request, 'x-api-key');
  const authorization = readHeader(request, 'authorization');
  if (header.state === 'repeated' || authorization.state === 'repeated') return 'ambiguous';
  let fromAuthorization: string | undefined;
  if (authorization.state === 'single') {
    const { scheme, credential } = splitAuthorization(authorization.value);
    if (isScheme(scheme, 'ApiKey')) fromAuthorization = credential;
  }
  const fromHeader = header.state === 'single' ? header.value.trim() : undefined;
  if (fromAuthorization !== undefined && fromHeader !== undefined) return 'ambiguous';
  return fromAuthorization ?? fromHeader ?? null;
}

function hasKeyInQuery(query: CredentialRequest['query'], pattern: RegExp): boolean {
  const names = ['api_key', 'apikey', 'api-key', 'x-api-key'];
  if (Object.keys(query).some((name) => names.includes(name.toLowerCase()))) return true;
  // Any parameter, nested ones included: a key is a key whatever it is called.
  pattern.lastIndex = 0;
  return pattern.test(JSON.stringify(query) ?? '');
}
