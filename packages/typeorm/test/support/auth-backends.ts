import { randomBytes } from 'node:crypto';
import { ApiKeyEntity, OAuthClientEntity } from '@bulwark/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';

const ENTITIES = [ApiKeyEntity, OAuthClientEntity];

/** A fresh database with the auth tables, and how to drop it. */
export interface AuthDatabase {
  readonly dataSource: DataSource;
  /** A table name qualified with the database's schema, for raw queries. */
  table(name: string): string;
  dispose(): Promise<void>;
}

/** Where the auth store specs run. */
export interface AuthBackend {
  readonly name: string;
  /** Why the backend is skipped, or `null` when it runs. */
  readonly skipReason: string | null;
  open(): Promise<AuthDatabase>;
}

const sqlite: AuthBackend = {
  name: 'SQLite',
  skipReason: null,
  async open() {
    const dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: ENTITIES,
      synchronize: true,
    }).initialize();
    return { dataSource, table: (name) => name, dispose: () => dataSource.destroy() };
  },
};

// Each database gets a schema of its own (`bulwark_auth_<random>`), so parallel suites and the
// audit specs never share tables; it is dropped afterwards.
const postgres: AuthBackend = {
  name: 'PostgreSQL',
  skipReason: process.env.DATABASE_URL === undefined ? 'DATABASE_URL is not set' : null,
  async open() {
    const url = process.env.DATABASE_URL as string;
    const schema = `bulwark_auth_${randomBytes(6).toString('hex')}`;
    const base = { type: 'postgres', url } as DataSourceOptions;
    const admin = await new DataSource(base).initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const dataSource = await new DataSource({
      ...base,
      schema,
      entities: ENTITIES,
      synchronize: true,
    } as DataSourceOptions).initialize();
    return {
      dataSource,
      table: (name) => `${schema}.${name}`,
      async dispose() {
        await dataSource.destroy();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.destroy();
      },
    };
  },
};

/**
 * Runs a suite on SQLite and, when `DATABASE_URL` is set, on PostgreSQL; a skipped backend says
 * why in its title and in the run's list of skipped suites.
 *
 * @param suite - The suite's name.
 * @param body - Defines the tests, given a function that opens a fresh database.
 */
export function describeOnAuthBackends(
  suite: string,
  body: (open: () => Promise<AuthDatabase>) => void,
): void {
  for (const backend of [sqlite, postgres]) {
    const reason = backend.skipReason;
    describe(`${suite} on ${backend.name}${reason === null ? '' : ` (skipped: ${reason})`}`, () => {
      before(function () {
        if (reason === null) return;
        (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped?.add(
          `${suite} on ${backend.name}: ${reason}`,
        );
        this.skip();
      });
      body(() => backend.open());
    });
  }
}
