import { ApiKeyEntity, AuditEventEntity, OAuthClientEntity } from '@bulwark/typeorm';
import { DataSource } from 'typeorm';
import type { NotesAppConfig } from './config';
import { Note } from './entities/note.entity';
import { User } from './entities/user.entity';

/**
 * Opens the database: PostgreSQL when `DATABASE_URL` is set, SQLite (better-sqlite3) otherwise.
 *
 * Limitation: the schema is created with TypeORM's `synchronize`, which suits a reference app and
 * tests but not a production database with data; a real deployment generates migrations
 * (`typeorm migration:generate`) and turns `synchronize` off.
 */
export async function openDataSource(config: NotesAppConfig): Promise<DataSource> {
  const entities = [User, Note, AuditEventEntity, ApiKeyEntity, OAuthClientEntity];
  const dataSource =
    config.databaseUrl === null
      ? new DataSource({
          type: 'better-sqlite3',
          database: config.sqlitePath,
          entities,
          synchronize: true,
          enableWAL: true,
        })
      : new DataSource({ type: 'postgres', url: config.databaseUrl, entities, synchronize: true });
  return dataSource.initialize();
}
