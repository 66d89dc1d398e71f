import type { ChainHead, SealedAuditEvent } from '@bulwark/audit';
import Database from 'better-sqlite3';
import {
  AUDIT_EVENT_COLUMNS,
  AUDIT_EVENT_INDICES,
  AUDIT_EVENT_TABLE,
  AUDIT_EVENT_UNIQUE,
  type AuditEventIndex,
  type AuditEventRow,
} from './audit-event-columns';
import { fromRow, toRow } from './audit-event-rows';

/** How an SQLite audit store opens its file. */
export interface SqliteAuditStoreOptions {
  /** The database file. */
  readonly filename: string;
  /**
   * Creates the file and the table when they are missing; `false` requires both to exist (a
   * schema managed by migrations). @defaultValue true
   */
  readonly shouldCreate?: boolean;
  /**
   * SQLite's `synchronous` level in WAL mode. `'normal'`: a commit survives a crash of the
   * process, and a power loss may take the last commits. `'full'`: the write-ahead log is synced
   * at every commit, so a commit also survives a power loss, at the cost of one disk sync per
   * batch. @defaultValue 'normal'
   */
  readonly synchronous?: 'normal' | 'full';
}

/**
 * The page cache, in KiB as SQLite's negative `cache_size` counts it. An append-only table
 * touches few pages per batch: the right edge of each B-tree and one leaf per recent actor in
 * the actor index, a few hundred KiB. better-sqlite3's default of 16 MiB only ever fills with
 * pages this writer will not read again, and it stays resident: measured here, about 20 MB more
 * under load, with no difference in the cost of an insert.
 */
const PAGE_CACHE_KIB = -1024;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const TABLE = quote(AUDIT_EVENT_TABLE);
const NAME_OF = new Map(AUDIT_EVENT_COLUMNS.map((c) => [c.property, c.name]));

function columnList(index: AuditEventIndex): string {
  return index.properties.map((p) => quote(NAME_OF.get(p) as string)).join(', ');
}

/** The statements TypeORM would run to create the table of `AuditEventEntity` on SQLite. */
function createStatements(): string[] {
  const columns = AUDIT_EVENT_COLUMNS.map(
    (c) =>
      `${quote(c.name)} ${c.type}${c.property === 'sequence' ? ' PRIMARY KEY' : ''}` +
      (c.isNullable ? '' : ' NOT NULL'),
  );
  const uniqueName = quote(AUDIT_EVENT_UNIQUE.name);
  const unique = `CONSTRAINT ${uniqueName} UNIQUE (${columnList(AUDIT_EVENT_UNIQUE)})`;
  return [
    `CREATE TABLE IF NOT EXISTS ${TABLE} (${[...columns, unique].join(', ')})`,
    ...AUDIT_EVENT_INDICES.map(
      (i) => `CREATE INDEX IF NOT EXISTS ${quote(i.name)} ON ${TABLE} (${columnList(i)})`,
    ),
  ];
}

const SELECT_ALL = AUDIT_EVENT_COLUMNS.map((c) => `${quote(c.name)} AS ${quote(c.property)}`).join(
  ', ',
);

/**
 * The audit table in an SQLite file, written through better-sqlite3 directly: one prepared
 * INSERT, run once per event inside one transaction per batch. It stores exactly what
 * `TypeOrmAuditSink` stores, in the table `AuditEventEntity` describes, so TypeORM reads,
 * searches and verifies it as usual.
 *
 * Hand-written rather than through TypeORM because this store runs alone on a worker thread:
 * loading TypeORM there costs about 30 MB of resident memory for one fixed statement, and its
 * query path adds about a third to the cost of each stored event. The table is still TypeORM's:
 * the statements below are built from the columns the entity is built from, and a test checks
 * that TypeORM finds nothing to change in a table this store created.
 *
 * Every call is synchronous: run it where blocking is acceptable, such as its worker.
 */
export class SqliteAuditStore {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #head: Database.Statement;
  readonly #read: Database.Statement;
  readonly #writeAll: (rows: readonly AuditEventRow[]) => void;
  /** The head this store last wrote; `undefined` when unknown (read it again). */
  #knownHead: ChainHead | null | undefined;

  /**
   * Opens the file in WAL mode and checks, or creates, the table.
   *
   * @param options - File, creation and durability settings.
   * @throws Error when the file cannot be opened, or the table is missing (with `shouldCreate:
   *   false`) or differs from the entity's; the message names the column, never a stored value.
   */
  constructor(options: SqliteAuditStoreOptions) {
    const shouldCreate = options.shouldCreate ?? true;
    this.#db = new Database(options.filename, { fileMustExist: !shouldCreate });
    try {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      this.#db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
      if (shouldCreate) for (const sql of createStatements()) this.#db.exec(sql);
      checkTable(this.#db);
      const names = AUDIT_EVENT_COLUMNS.map((c) => quote(c.name)).join(', ');
      const slots = AUDIT_EVENT_COLUMNS.map(() => '?').join(', ');
      this.#insert = this.#db.prepare(`INSERT INTO ${TABLE} (${names}) VALUES (${slots})`);
      this.#head = this.#db.prepare(
        `SELECT "sequence", "hash" FROM ${TABLE} ORDER BY "sequence" DESC LIMIT 1`,
      );
      this.#read = this.#db.prepare(
        `SELECT ${SELECT_ALL} FROM ${TABLE} WHERE "sequence" > ? ORDER BY "sequence" ASC LIMIT ?`,
      );
      this.#writeAll = this.#db.transaction((rows: readonly AuditEventRow[]) => {
        for (const row of rows) this.#insert.run(AUDIT_EVENT_COLUMNS.map((c) => row[c.property]));
      });
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /** SQLite's `synchronous` level in effect: 1 NORMAL, 2 FULL. */
  get synchronous(): number {
    return this.#db.pragma('synchronous', { simple: true }) as number;
  }

  /**
   * Stores a batch in one transaction, only if it continues the stored chain: a writer may send
   * the next batch before this one is committed, sealed on top of it, and must learn that it was
   * refused when the one before it failed.
   *
   * @param events - Sealed events in sequence order.
   * @throws Error named `AuditChainGapError` when the batch does not continue the chain; the
   *   driver's error when the insert fails (a taken sequence number or id). Nothing is stored.
   */
  write(events: readonly SealedAuditEvent[]): void {
    const first = events[0];
    const head = this.#knownHead === undefined ? this.head() : this.#knownHead;
    const continues =
      first === undefined ||
      (head === null
        ? first.sequence === 1
        : first.sequence === head.sequence + 1 && first.previousHash === head.hash);
    if (!continues) {
      const error = new Error('The batch does not continue the stored audit chain.');
      error.name = 'AuditChainGapError';
      throw error;
    }

    this.#knownHead = undefined;
    this.#writeAll(events.map(toRow));
    const last = events.at(-1);
    this.#knownHead = last === undefined ? head : { sequence: last.sequence, hash: last.hash };
  }

  /** @returns The sequence and hash of the last stored event, or `null` for an empty table. */
  head(): ChainHead | null {
    const row = this.#head.get() as { sequence: number; hash: string } | undefined;
    return row === undefined ? null : { sequence: Number(row.sequence), hash: row.hash };
  }

  /**
   * @param afterSequence - Only events after this sequence.
   * @param limit - Most events to return.
   * @returns Stored events in sequence order.
   */
  read(afterSequence: number, limit: number): SealedAuditEvent[] {
    return (this.#read.all(afterSequence, limit) as AuditEventRow[]).map(fromRow);
  }

  /** Closes the file; SQLite checkpoints the write-ahead log into it. */
  close(): void {
    this.#db.close();
  }
}

/**
 * Refuses a table whose columns differ from the entity's (a table of an older schema, or another
 * table under this name): inserting into it could store events in the wrong columns.
 */
function checkTable(db: Database.Database): void {
  const found = db.pragma(`table_info(${TABLE})`) as {
    name: string;
    type: string;
    notnull: number;
    pk: number;
  }[];
  if (found.length === 0) throw schemaError(`The table ${AUDIT_EVENT_TABLE} does not exist.`);
  const byName = new Map(found.map((c) => [c.name, c]));
  for (const expected of AUDIT_EVENT_COLUMNS) {
    const actual = byName.get(expected.name);
    const matches =
      actual !== undefined &&
      actual.type.toLowerCase() === expected.type &&
      (actual.notnull === 1) === !expected.isNullable &&
      actual.pk > 0 === (expected.property === 'sequence');
    if (!matches) {
      throw schemaError(
        `The column ${expected.name} of ${AUDIT_EVENT_TABLE} is missing or differs.`,
      );
    }
  }
  if (found.length !== AUDIT_EVENT_COLUMNS.length) {
    throw schemaError(`The table ${AUDIT_EVENT_TABLE} has columns the audit event does not.`);
  }
}

function schemaError(message: string): Error {
  const error = new Error(message);
  error.name = 'AuditSchemaError';
  return error;
}
