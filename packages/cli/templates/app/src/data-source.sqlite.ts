import { AuditEventEntity } from '@bulwark/typeorm';
import { DataSource } from 'typeorm';
import { Task } from './entities/task.entity';
import { User } from './entities/user.entity';

/** Where the SQLite database lives. */
export interface DatabaseConfig {
  /** A file path, or `:memory:` for a database that lives as long as the process. */
  readonly sqlitePath: string;
}

/** Reads `SQLITE_PATH` (default `data.sqlite`). */
export function readDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  return { sqlitePath: env.SQLITE_PATH ?? 'data.sqlite' };
}

/** The database the tests use: in memory, new for every app instance. */
export const TEST_DATABASE: DatabaseConfig = Object.freeze({ sqlitePath: ':memory:' });

/**
 * Opens the SQLite database (better-sqlite3) with the app's entities and the audit table.
 *
 * Limitation: the schema is created by TypeORM's `synchronize`, convenient while the app is
 * young; before a production database holds data, generate migrations
 * (`typeorm migration:generate`) and turn `synchronize` off.
 */
export async function openDataSource(config: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: config.sqlitePath,
    entities: [User, Task, AuditEventEntity],
    synchronize: true,
    enableWAL: config.sqlitePath !== ':memory:',
  });
  return dataSource.initialize();
}
