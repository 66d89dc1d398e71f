import type { AuditChainSource, AuditSink, ChainHead, SealedAuditEvent } from '@bulwark/audit';
import { MoreThan, type DataSource } from 'typeorm';
import { AuditEventEntity, type AuditEventRow } from './audit-event.entity';
import { fromRow, toRow } from './audit-event-rows';

/**
 * Rows per INSERT statement; keeps each statement under the bound-parameter limits of SQLite and
 * PostgreSQL (19 columns × 200 rows = 3800 parameters).
 */
const ROWS_PER_STATEMENT = 200;

/**
 * An {@link AuditSink} that stores events through TypeORM, one transaction per batch, on SQLite
 * (better-sqlite3) or PostgreSQL. It also reads the chain back for `verifyAuditChain`.
 *
 * The data source must list {@link AuditEventEntity} in its `entities`.
 *
 * Security: the sink inserts only. Give the application's database role INSERT and SELECT on
 * the audit table and nothing more, so a compromised application cannot rewrite history; the
 * hash chain detects what a more privileged hand changes.
 *
 * @example
 * ```ts
 * const sink = new TypeOrmAuditSink(dataSource);
 * const trail = new AuditTrail({ sink, hmacKey: process.env.AUDIT_HMAC_KEY });
 * const report = await verifyAuditChain(sink, { hmacKey: process.env.AUDIT_HMAC_KEY });
 * ```
 */
export class TypeOrmAuditSink implements AuditSink, AuditChainSource {
  readonly #dataSource: DataSource;

  /**
   * @param dataSource - An initialized data source whose entities include the audit entity.
   */
  constructor(dataSource: DataSource) {
    this.#dataSource = dataSource;
  }

  /**
   * Inserts the batch in one transaction.
   *
   * @param events - Sealed events in sequence order.
   * @returns Resolves once the transaction commits.
   * @throws The driver's error (as a rejection) when the transaction fails, for example because
   *   a sequence number is taken; nothing is stored then.
   */
  async write(events: readonly SealedAuditEvent[]): Promise<void> {
    const rows = events.map(toRow);
    await this.#dataSource.transaction(async (manager) => {
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        const { sql, parameters } = this.#insert(rows.slice(start, start + ROWS_PER_STATEMENT));
        await manager.query(sql, parameters);
      }
    });
  }

  /**
   * Builds one multi-row INSERT with bound parameters. It bypasses TypeORM's insert builder,
   * whose per-row work costs more than the database does for this append-only table.
   */
  #insert(rows: readonly AuditEventRow[]): { sql: string; parameters: unknown[] } {
    const driver = this.#dataSource.driver;
    const metadata = this.#dataSource.getMetadata(AuditEventEntity);
    const table = metadata.tablePath
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
    const columns = metadata.columns;
    const parameters: unknown[] = [];
    const tuples = rows.map((row) => {
      const slots = columns.map((column) => {
        parameters.push(row[column.propertyName as keyof AuditEventRow]);
        return driver.createParameter(`p${parameters.length}`, parameters.length - 1);
      });
      return `(${slots.join(', ')})`;
    });
    const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
    return { sql: `INSERT INTO ${table} (${names}) VALUES ${tuples.join(', ')}`, parameters };
  }

  /** @returns The sequence and hash of the last stored event, or `null` for an empty table. */
  async head(): Promise<ChainHead | null> {
    const [row] = await this.#repository().find({
      select: { sequence: true, hash: true },
      order: { sequence: 'DESC' },
      take: 1,
    });
    return row === undefined ? null : { sequence: Number(row.sequence), hash: row.hash };
  }

  /**
   * @param afterSequence - Only events after this sequence.
   * @param limit - Most events to return.
   * @returns Stored events in sequence order.
   */
  async read(afterSequence: number, limit: number): Promise<readonly SealedAuditEvent[]> {
    const rows = await this.#repository().find({
      where: { sequence: MoreThan(afterSequence) },
      order: { sequence: 'ASC' },
      take: limit,
    });
    return rows.map(fromRow);
  }

  #repository() {
    return this.#dataSource.getRepository<AuditEventRow>(AuditEventEntity);
  }
}
