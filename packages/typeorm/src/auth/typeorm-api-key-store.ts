import type { ApiKeyChanges, ApiKeyRecord, ApiKeyStore } from '@bulwark/auth';
import type { DataSource, Repository } from 'typeorm';
import { ApiKeyEntity, type ApiKeyRow } from './api-key.entity';
import { fromIso, readScopes, toIso } from './rows';

/**
 * An {@link ApiKeyStore} on TypeORM (PostgreSQL, SQLite through better-sqlite3, or any driver
 * TypeORM supports). Register {@link ApiKeyEntity} with the data source.
 *
 * @example
 * ```ts
 * const keys = createApiKeyManager({ store: new TypeOrmApiKeyStore(dataSource) });
 * ```
 */
export class TypeOrmApiKeyStore implements ApiKeyStore {
  private readonly rows: Repository<ApiKeyRow>;

  /** @param dataSource - An initialized data source that has {@link ApiKeyEntity}. */
  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(ApiKeyEntity);
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.rows.findOneBy({ id });
    return row === null ? null : toRecord(row);
  }

  async insert(record: ApiKeyRecord): Promise<void> {
    await this.rows.insert(toRow(record));
  }

  async update(id: string, changes: ApiKeyChanges): Promise<boolean> {
    const set: Partial<ApiKeyRow> = {};
    if (changes.expiresAt !== undefined) set.expiresAt = toIso(changes.expiresAt);
    if (changes.revokedAt !== undefined) set.revokedAt = toIso(changes.revokedAt);
    if (changes.lastUsedAt !== undefined) set.lastUsedAt = toIso(changes.lastUsedAt);
    if (changes.replacedBy !== undefined) set.replacedBy = changes.replacedBy;
    if (Object.keys(set).length === 0) return (await this.rows.existsBy({ id })) === true;
    const result = await this.rows.update({ id }, set);
    return (result.affected ?? 0) > 0;
  }

  async listByOwner(ownerId: string): Promise<readonly ApiKeyRecord[]> {
    const rows = await this.rows.find({
      where: { ownerId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return rows.map(toRecord);
  }
}

function toRow(record: ApiKeyRecord): ApiKeyRow {
  return {
    id: record.id,
    ownerId: record.ownerId,
    name: record.name,
    secretHash: record.secretHash,
    scopes: JSON.stringify(record.scopes),
    tenant: record.tenant,
    createdAt: record.createdAt.toISOString(),
    expiresAt: toIso(record.expiresAt),
    revokedAt: toIso(record.revokedAt),
    lastUsedAt: toIso(record.lastUsedAt),
    replacedBy: record.replacedBy,
  };
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return Object.freeze({
    id: row.id,
    ownerId: row.ownerId,
    name: row.name,
    secretHash: row.secretHash,
    scopes: readScopes(row.scopes),
    tenant: row.tenant,
    createdAt: new Date(row.createdAt),
    expiresAt: fromIso(row.expiresAt),
    revokedAt: fromIso(row.revokedAt),
    lastUsedAt: fromIso(row.lastUsedAt),
    replacedBy: row.replacedBy,
  });
}
