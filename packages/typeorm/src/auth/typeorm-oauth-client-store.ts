import type { OAuthClient, OAuthClientStore } from '@bulwark/auth';
import type { DataSource, Repository } from 'typeorm';
import { OAuthClientEntity, type OAuthClientRow } from './oauth-client.entity';
import { readScopes } from './rows';

/**
 * An {@link OAuthClientStore} on TypeORM. Register {@link OAuthClientEntity} with the data
 * source.
 *
 * @example
 * ```ts
 * const clients = new TypeOrmOAuthClientStore(dataSource);
 * const { clientSecret } = await registerOAuthClient(clients, { name: 'Reports', allowedScopes: ['reports:read'] });
 * ```
 */
export class TypeOrmOAuthClientStore implements OAuthClientStore {
  private readonly rows: Repository<OAuthClientRow>;

  /** @param dataSource - An initialized data source that has {@link OAuthClientEntity}. */
  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(OAuthClientEntity);
  }

  async findById(id: string): Promise<OAuthClient | null> {
    const row = await this.rows.findOneBy({ id });
    return row === null ? null : toClient(row);
  }

  async save(client: OAuthClient): Promise<void> {
    await this.rows.upsert(
      {
        id: client.id,
        name: client.name,
        secretHash: client.secretHash,
        allowedScopes: JSON.stringify(client.allowedScopes),
        enabled: client.enabled,
        createdAt: client.createdAt.toISOString(),
        updatedAt: client.updatedAt.toISOString(),
      },
      ['id'],
    );
  }

  async list(): Promise<readonly OAuthClient[]> {
    return (await this.rows.find({ order: { id: 'ASC' } })).map(toClient);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.rows.delete({ id })).affected ?? 0) > 0;
  }
}

function toClient(row: OAuthClientRow): OAuthClient {
  return Object.freeze({
    id: row.id,
    name: row.name,
    secretHash: row.secretHash,
    allowedScopes: readScopes(row.allowedScopes),
    enabled: Boolean(row.enabled),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  });
}
