import { join } from 'node:path';
import { AuditTrail, type AuditEventInput } from '@bulwark/audit';
import { AuditEventEntity, TypeOrmAuditSink } from '@bulwark/typeorm';
import { SqliteAuditSink } from '@bulwark/typeorm/sqlite-audit-sink';
import { DataSource } from 'typeorm';
import type { MicroCase } from './measure';

/** The SQLite audit store of the micro benchmarks and what closes it. */
export interface AuditFixture {
  readonly cases: MicroCase[];
  /** SQLite's `synchronous` level on this connection (1 NORMAL, 2 FULL), as observed. */
  readonly synchronous: number;
  close(): Promise<void>;
}

const CONCURRENT = 32;

function event(n: number): AuditEventInput {
  return {
    actor: { id: `user-${n % 32}`, kind: 'user' },
    action: 'item.create',
    subject: { type: 'Item', id: null },
    route: 'SecuredItemsController.create',
    outcome: 'allowed',
    status: 201,
    reason: null,
    requestId: `bench-${n}`,
    clientAddress: '127.0.0.1',
    userAgent: 'autocannon',
    durationMs: 0.4,
    details: { 'body.name': `Widget ${n}` },
  };
}

/** Durable records from {@link CONCURRENT} concurrent requests, waited for together. */
async function concurrentWave(trail: AuditTrail, next: () => number, calls: number): Promise<void> {
  for (let done = 0; done < calls; done += CONCURRENT) {
    const wave = Array.from({ length: CONCURRENT }, () =>
      trail.record(event(next()), { durable: true }),
    );
    await Promise.all(wave);
  }
}

/**
 * The audit step through the real trail and the load rounds' store, `SqliteAuditSink` (SQLite in
 * WAL mode, written on its own thread): a durable record alone (one commit each), durable records
 * from 32 concurrent requests sharing commits (group commit; reported per event), and a
 * non-durable record (queued, stored in the next batch). For comparison, the group-commit case
 * once more through `TypeOrmAuditSink` on the request thread.
 *
 * @param directory - Where the SQLite files go.
 * @returns The cases and a close function.
 */
export async function auditCases(directory: string): Promise<AuditFixture> {
  const sink = await SqliteAuditSink.open({
    filename: join(directory, `micro-audit-${process.pid}.sqlite`),
  });
  const trail = new AuditTrail({ sink });
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: join(directory, `micro-audit-typeorm-${process.pid}.sqlite`),
    entities: [AuditEventEntity],
    synchronize: true,
    enableWAL: true,
  }).initialize();
  const inProcess = new AuditTrail({ sink: new TypeOrmAuditSink(dataSource) });
  let n = 0;
  const next = (): number => (n += 1);
  const cases: MicroCase[] = [
    {
      step: 'audit',
      name: 'Bulwark audit, durable, one request at a time (a commit each)',
      clock: 'wall',
      batch: 20,
      run: async (calls) => {
        for (let i = 0; i < calls; i += 1) await trail.record(event(next()), { durable: true });
      },
    },
    {
      step: 'audit',
      name: `Bulwark audit, durable, ${CONCURRENT} concurrent requests (group commit), per event`,
      clock: 'wall',
      batch: CONCURRENT * 10,
      run: (calls) => concurrentWave(trail, next, calls),
    },
    {
      step: 'audit',
      name: 'Bulwark audit, non-durable (queued, then stored in one batch)',
      batch: 200,
      run: async (calls) => {
        for (let i = 0; i < calls; i += 1) await trail.record(event(next()), { durable: false });
        await trail.flush();
      },
    },
    {
      step: 'audit',
      name: `The same ${CONCURRENT} concurrent durable requests through TypeOrmAuditSink on the request thread, per event`,
      clock: 'wall',
      batch: CONCURRENT * 10,
      run: (calls) => concurrentWave(inProcess, next, calls),
    },
  ];
  return {
    cases,
    synchronous: sink.synchronous,
    close: async () => {
      await trail.close();
      await inProcess.close();
      await sink.close();
      await dataSource.destroy();
    },
  };
}
