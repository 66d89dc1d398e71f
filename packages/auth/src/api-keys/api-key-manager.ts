import { BulwarkError, parseDuration, type Duration } from '@bulwark/core';
import { isScopeToken } from '../oauth/scopes';
import { generateApiKey, hashApiKey, isApiKeyPrefix } from './api-key-format';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store';

/** Options of {@link createApiKeyManager}. */
export interface ApiKeyManagerOptions {
  readonly store: ApiKeyStore;
  /** The product prefix of every key. @defaultValue 'bwk' */
  readonly prefix?: string;
  /** Longest lifetime a key may be given; `null` allows keys without expiry. @defaultValue '365d' */
  readonly maxLifetime?: Duration | null;
  /** @defaultValue Date.now */
  readonly clock?: () => number;
}

/** What an owner asks for when creating a key. */
export interface ApiKeyInit {
  readonly ownerId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  /** @defaultValue the manager's `maxLifetime` */
  readonly expiresIn?: Duration;
  readonly tenant?: string;
}

/** A key as shown in listings: everything but the hash. */
export type ApiKeyView = Omit<ApiKeyRecord, 'secretHash'> & {
  readonly status: 'active' | 'expired' | 'revoked';
};

/** A newly created key: the key is shown once and cannot be recovered. */
export interface CreatedApiKey {
  readonly key: string;
  readonly view: ApiKeyView;
}

/** Creates, lists, revokes and rotates API keys on behalf of their owners. */
export interface ApiKeyManager {
  readonly prefix: string;
  create(init: ApiKeyInit): Promise<CreatedApiKey>;
  /** The owner's keys without secrets or hashes, newest first. */
  list(ownerId: string): Promise<readonly ApiKeyView[]>;
  /**
   * Revokes one of the owner's keys at once. Resolves `false` when the owner has no such key
   * (another owner's key answers the same, so ids cannot be probed).
   */
  revoke(ownerId: string, id: string): Promise<boolean>;
  /**
   * Replaces a key with a new one of the same name, scopes and expiry; the old key keeps working
   * for `overlap` so deployments can switch over, then expires. Resolves `null` when the owner
   * has no such active key.
   */
  rotate(ownerId: string, id: string, overlap?: Duration): Promise<CreatedApiKey | null>;
}

/**
 * Creates an {@link ApiKeyManager}.
 *
 * @param options - Store, prefix, lifetime cap and clock.
 * @returns The manager.
 * @throws BulwarkError `ERR_CONFIG_INVALID` for a bad prefix or lifetime.
 */
export function createApiKeyManager(options: ApiKeyManagerOptions): ApiKeyManager {
  const prefix = options.prefix ?? 'bwk';
  if (!isApiKeyPrefix(prefix)) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      'prefix: 2–16 lower-case letters or digits, starting with a letter.',
    );
  }
  const maxLifetimeMs =
    options.maxLifetime === null ? null : parseDuration(options.maxLifetime ?? '365d');
  return new KeyManager(options.store, prefix, maxLifetimeMs, options.clock ?? Date.now);
}

class KeyManager implements ApiKeyManager {
  constructor(
    private readonly store: ApiKeyStore,
    readonly prefix: string,
    private readonly maxLifetimeMs: number | null,
    private readonly clock: () => number,
  ) {}

  create(init: ApiKeyInit): Promise<CreatedApiKey> {
    return this.insert(init, undefined);
  }

  async list(ownerId: string): Promise<readonly ApiKeyView[]> {
    const now = this.clock();
    return (await this.store.listByOwner(ownerId)).map((record) => toView(record, now));
  }

  async revoke(ownerId: string, id: string): Promise<boolean> {
    const record = await this.owned(ownerId, id);
    if (record === null) return false;
    if (record.revokedAt === null)
      await this.store.update(id, { revokedAt: new Date(this.clock()) });
    return true;
  }

  async rotate(
    ownerId: string,
    id: string,
    overlap: Duration = '24h',
  ): Promise<CreatedApiKey | null> {
    const record = await this.owned(ownerId, id);
    if (record === null || toView(record, this.clock()).status !== 'active') return null;

    const init = {
      ownerId,
      name: record.name,
      scopes: record.scopes,
      ...(record.tenant === null ? {} : { tenant: record.tenant }),
    };
    const created = await this.insert(init, record.expiresAt);
    // The old key keeps working for the overlap, but never past its own expiry.
    const overlapEnd = this.clock() + parseDuration(overlap);
    const expiresAt =
      record.expiresAt === null ? overlapEnd : Math.min(record.expiresAt.getTime(), overlapEnd);
    await this.store.update(id, { expiresAt: new Date(expiresAt), replacedBy: created.view.id });
    return created;
  }

  private async owned(ownerId: string, id: string): Promise<ApiKeyRecord | null> {
    const record = await this.store.findById(id);
    return record !== null && record.ownerId === ownerId ? record : null;
  }

  private async insert(
    init: ApiKeyInit,
    inheritedExpiry: Date | null | undefined,
  ): Promise<CreatedApiKey> {
    checkInit(init);
    const now = this.clock();
    const { id, key } = generateApiKey(this.prefix);
    const record: ApiKeyRecord = {
      id,
      ownerId: init.ownerId,
      name: init.name.trim(),
      secretHash: hashApiKey(key),
      scopes: [...new Set(init.scopes)],
      tenant: init.tenant ?? null,
      createdAt: new Date(now),
      expiresAt:
        inheritedExpiry === undefined
          ? expiry(init.expiresIn, this.maxLifetimeMs, now)
          : inheritedExpiry,
      revokedAt: null,
      lastUsedAt: null,
      replacedBy: null,
    };
    await this.store.insert(record);
    return { key, view: toView(record, now) };
  }
}

function checkInit(init: ApiKeyInit): void {
  const problems: string[] = [];
  if (typeof init.ownerId !== 'string' || init.ownerId.length === 0)
    problems.push('ownerId: required.');
  if (typeof init.name !== 'string' || init.name.trim().length === 0 || init.name.length > 100) {
    problems.push('name: 1–100 characters.');
  }
  if (!Array.isArray(init.scopes) || !init.scopes.every(isScopeToken))
    problems.push('scopes: a list of scope tokens.');
  if (problems.length > 0) {
    throw new BulwarkError(
      'ERR_VALIDATION_FAILED',
      `Invalid API key request: ${problems.join(' ')}`,
      {
        details: { problems },
      },
    );
  }
}

function expiry(expiresIn: Duration | undefined, maxMs: number | null, now: number): Date | null {
  if (expiresIn === undefined) return maxMs === null ? null : new Date(now + maxMs);
  let ms = 0;
  try {
    ms = parseDuration(expiresIn);
  } catch {
    throw new BulwarkError('ERR_VALIDATION_FAILED', 'The key lifetime is not a duration.', {
      details: { problems: ["expiresIn: a positive duration such as '90d'."] },
    });
  }
  if (maxMs !== null && ms > maxMs) {
    throw new BulwarkError(
      'ERR_VALIDATION_FAILED',
      'The key lifetime exceeds the allowed maximum.',
      {
        details: { problems: ['expiresIn: longer than the allowed maximum.'] },
      },
    );
  }
  return new Date(now + ms);
}

function toView(record: ApiKeyRecord, now: number): ApiKeyView {
  const { secretHash: _hidden, ...rest } = record;
  const status =
    record.revokedAt !== null
      ? 'revoked'
      : record.expiresAt !== null && record.expiresAt.getTime() <= now
        ? 'expired'
        : 'active';
  return Object.freeze({ ...rest, status });
}
