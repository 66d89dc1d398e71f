import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';

/** An open test database with the authorization entities' tables, and how to drop it. */
export interface TestDatabase {
  readonly name: 'SQLite' | 'PostgreSQL';
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/** Why PostgreSQL suites are skipped, or `null` when `DATABASE_URL` names a server. */
export const POSTGRES_SKIP_REASON =
  process.env.DATABASE_URL === undefined ? 'DATABASE_URL is not set' : null;

/** An in-memory SQLite database (better-sqlite3). */
export async function openSqlite(): Promise<TestDatabase> {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: ENTITIES,
    synchronize: true,
  });
  await dataSource.initialize();
  return { name: 'SQLite', dataSource, close: () => dataSource.destroy() };
}

/**
 * A schema of its own on the PostgreSQL server at `DATABASE_URL`, so suites running side by side
 * never share tables; the schema is dropped on close.
 */
export async function openPostgres(): Promise<TestDatabase> {
  const schema = `bulwark_casl_${randomBytes(5).toString('hex')}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env.DATABASE_URL as string,
    schema,
    entities: ENTITIES,
    synchronize: false,
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  await dataSource.synchronize();
  return {
    name: 'PostgreSQL',
    dataSource,
    close: async () => {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}

/**
 * Marks a PostgreSQL suite skipped: in its title (by the caller) and in the run's closing list.
 *
 * @param suite - The suite's name.
 */
export function notePostgresSkipped(suite: string): void {
  const skipped = (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped;
  skipped?.add(`${suite} on PostgreSQL: ${POSTGRES_SKIP_REASON ?? 'not skipped'}`);
}
