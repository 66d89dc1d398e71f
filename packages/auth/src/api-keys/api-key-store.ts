/** A stored API key. The key itself is never stored, only its hash. */
export interface ApiKeyRecord {
  /** The public identifier embedded in the key. */
  readonly id: string;
  /** The principal the key acts for, such as a user id. */
  readonly ownerId: string;
  /** A label the owner chose. */
  readonly name: string;
  /** SHA-256 of the full key, hex. */
  readonly secretHash: string;
  /** What the key may do; a key never carries more than these. */
  readonly scopes: readonly string[];
  readonly tenant: string | null;
  readonly createdAt: Date;
  /** After this instant the key is refused; `null` for no expiry. */
  readonly expiresAt: Date | null;
  /** When set, the key is refused. */
  readonly revokedAt: Date | null;
  /** Last successful use, updated at most once per `lastUsedGranularity`. */
  readonly lastUsedAt: Date | null;
  /** The key that replaced this one in a rotation, if any. */
  readonly replacedBy: string | null;
}

/** The fields of a record that change after creation. */
export type ApiKeyChanges = Partial<
  Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt' | 'lastUsedAt' | 'replacedBy'>
>;

/**
 * Where API keys are kept. In-memory for tests and development, TypeORM in production.
 *
 * Contract: `findById` resolves `null` for an unknown id; `insert` rejects an id already in use;
 * `update` changes only the given fields and resolves `false` for an unknown id;
 * `listByOwner` returns the owner's keys, newest first. Implementations never log `secretHash`.
 */
export interface ApiKeyStore {
  findById(id: string): Promise<ApiKeyRecord | null>;
  insert(record: ApiKeyRecord): Promise<void>;
  update(id: string, changes: ApiKeyChanges): Promise<boolean>;
  listByOwner(ownerId: string): Promise<readonly ApiKeyRecord[]>;
}

/** An {@link ApiKeyStore} in process memory, for tests and development. */
export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly records = new Map<string, ApiKeyRecord>();

  findById(id: string): Promise<ApiKeyRecord | null> {
    return Promise.resolve(this.records.get(id) ?? null);
  }

  insert(record: ApiKeyRecord): Promise<void> {
    if (this.records.has(record.id)) return Promise.reject(new Error('API key id already in use.'));
    this.records.set(record.id, freezeRecord(record));
    return Promise.resolve();
  }

  update(id: string, changes: ApiKeyChanges): Promise<boolean> {
    const record = this.records.get(id);
    if (record === undefined) return Promise.resolve(false);
    this.records.set(id, freezeRecord({ ...record, ...changes }));
    return Promise.resolve(true);
  }

  listByOwner(ownerId: string): Promise<readonly ApiKeyRecord[]> {
    const owned = [...this.records.values()].filter((r) => r.ownerId === ownerId);
    return Promise.resolve(owned.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()));
  }
}

function freezeRecord(record: ApiKeyRecord): ApiKeyRecord {
  const copy = (d: Date | null): Date | null => (d === null ? null : new Date(d.getTime()));
  return Object.freeze({
    ...record,
    scopes: Object.freeze([...record.scopes]),
    createdAt: new Date(record.createdAt.getTime()),
    expiresAt: copy(record.expiresAt),
    revokedAt: copy(record.revokedAt),
    lastUsedAt: copy(record.lastUsedAt),
  });
}
