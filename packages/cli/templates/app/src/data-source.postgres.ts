import { AuditEventEntity } from '@bulwark/typeorm';
import { DataSource } from 'typeorm';
import { Task } from './entities/task.entity';
import { User } from './entities/user.entity';

/** Where the PostgreSQL database is. */
export interface DatabaseConfig {
  /** A connection URL: `postgres://user:password@host:5432/database`. */
  readonly url: string;
}

/**
 * Reads `DATABASE_URL`.
 *
 * @throws Error when it is not set.
 */
export function readDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  const url = env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('DATABASE_URL must be a postgres:// URL (see .env.example).');
  }
  return { url };
}

/** The database the tests use: `TEST_DATABASE_URL`, else `DATABASE_URL`. */
export const TEST_DATABASE: DatabaseConfig = Object.freeze({
  url: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '',
});

/**
 * Opens the PostgreSQL database with the app's entities and the audit table.
 *
 * Limitation: the schema is created by TypeORM's `synchronize`, convenient while the app is
 * young; before a production database holds data, generate migrations
 * (`typeorm migration:generate`) and turn `synchronize` off.
 */
export async function openDataSource(config: DatabaseConfig): Promise<DataSource> {
  if (config.url === '') throw new Error('Set DATABASE_URL (or TEST_DATABASE_URL for the tests).');
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.url,
    entities: [User, Task, AuditEventEntity],
    synchronize: true,
  });
  return dataSource.initialize();
}
