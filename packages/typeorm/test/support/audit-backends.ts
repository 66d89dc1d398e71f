import { randomBytes } from 'node:crypto';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AUDIT_EVENT_TABLE, AuditEventEntity } from '@bulwark/typeorm';

/** A fresh, empty database holding the audit table. */
export interface OpenedDatabase {
  readonly dataSource: DataSource;
  /** The audit table's name, qualified with its schema where there is one. */
  readonly table: string;
  dispose(): Promise<void>;
}

/** A database the audit specs run against. */
export interface Backend {
  readonly name: string;
  /** `null` when it can run, otherwise why it is skipped. */
  readonly skipReason: string | null;
  open(): Promise<OpenedDatabase>;
}

async function initialize(options: Partial<DataSourceOptions>): Promise<DataSource> {
  const dataSource = new DataSource({
    entities: [AuditEventEntity],
    synchronize: true,
    ...options,
  } as DataSourceOptions);
  return dataSource.initialize();
}

/** SQLite in memory through better-sqlite3. */
export const sqlite: Backend = {
  name: 'SQLite',
  skipReason: null,
  async open() {
    const dataSource = await initialize({ type: 'better-sqlite3', database: ':memory:' });
    return { dataSource, table: AUDIT_EVENT_TABLE, dispose: () => dataSource.destroy() };
  },
};

/** PostgreSQL at `DATABASE_URL`, in a schema of its own that is dropped afterwards. */
export const postgres: Backend = {
  name: 'PostgreSQL',
  skipReason: process.env.DATABASE_URL === undefined ? 'DATABASE_URL is not set' : null,
  async open() {
    const url = process.env.DATABASE_URL as string;
    const schema = `bulwark_audit_${randomBytes(6).toString('hex')}`;
    const admin = await initialize({ type: 'postgres', url, entities: [], synchronize: false });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const dataSource = await initialize({ type: 'postgres', url, schema });
    return {
      dataSource,
      table: `${schema}.${AUDIT_EVENT_TABLE}`,
      async dispose() {
        await dataSource.destroy();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.destroy();
      },
    };
  },
};

/**
 * Runs a suite once per backend; a backend that cannot run is skipped with its reason in the
 * title and in the run's list of skipped suites.
 *
 * @param suite - The suite's name.
 * @param body - Defines the tests, given a function returning the open database.
 */
export function describeOnBackends(
  suite: string,
  body: (database: () => OpenedDatabase) => void,
): void {
  for (const backend of [sqlite, postgres]) {
    const reason = backend.skipReason;
    const title = `${suite} on ${backend.name}${reason === null ? '' : ` (skipped: ${reason})`}`;
    describe(title, () => {
      let opened: OpenedDatabase | undefined;

      before(function () {
        if (reason === null) return;
        const skipped = (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped;
        skipped?.add(`${suite} on ${backend.name}: ${reason}`);
        this.skip();
      });

      beforeEach(async () => {
        opened = await backend.open();
      });

      afterEach(async () => {
        await opened?.dispose();
        opened = undefined;
      });

      body(() => opened as OpenedDatabase);
    });
  }
}
