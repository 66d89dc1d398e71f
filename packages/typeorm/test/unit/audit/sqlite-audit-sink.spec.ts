import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AuditTrail, sealEvents, verifyAuditChain } from '@bulwark/audit';
import {
  AUDIT_EVENT_TABLE,
  AuditEventEntity,
  SqliteAuditSink,
  TypeOrmAuditSink,
} from '@bulwark/typeorm';
import { DataSource } from 'typeorm';
import { countingFactories, eventInput } from '../../../../../test/audit/support/event-input';

/** What a value stored in an event looks like, so a leak of it is easy to find. */
const CANARY = 'canary-value-5d1e9b';

describe('SqliteAuditSink', function () {
  // In the repository's own runs the worker registers ts-node before it loads, which takes a while.
  this.timeout(60_000);
  let directory: string;
  let database: string;
  let sink: SqliteAuditSink;

  /** A second, in-process view of the same file, to check what the worker stored. */
  async function openDirect(): Promise<DataSource> {
    return new DataSource({
      type: 'better-sqlite3',
      database,
      entities: [AuditEventEntity],
      synchronize: false,
    }).initialize();
  }

  /** Creates the audit table in a file through TypeORM's synchronize, then runs `sql` on it. */
  async function synchronizedFile(file: string, sql?: string): Promise<void> {
    const made = await new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities: [AuditEventEntity],
      synchronize: true,
    }).initialize();
    if (sql !== undefined) await made.query(sql);
    await made.destroy();
  }

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'bulwark-sqlite-sink-'));
    database = join(directory, 'audit.sqlite');
    sink = await SqliteAuditSink.open({ filename: database });
  });

  after(async () => {
    await sink?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('#head', () => {
    it('returns null while the table is empty', async () => {
      expect(await sink.head()).to.equal(null);
    });
  });

  context('when a trail wrote durable events through it', () => {
    const written = [
      eventInput({ requestId: 'req-1' }),
      eventInput({
        requestId: 'req-2',
        outcome: 'denied',
        status: 403,
        reason: 'ERR_AUTHZ_DENIED',
      }),
      eventInput({ requestId: 'req-3', details: { body: { title: 'Grüße ✓' } } }),
    ];

    before(async () => {
      const trail = new AuditTrail({ sink, factories: countingFactories() });
      for (const input of written) await trail.record(input, { durable: true });
      await trail.close();
    });

    it('reads back every event as recorded, in sequence order', async () => {
      const events = await sink.read(0, 10);

      expect(events.map((e) => e.sequence)).to.deep.equal([1, 2, 3]);
      expect(events.map((e) => e.id)).to.deep.equal(['evt-000001', 'evt-000002', 'evt-000003']);
      written.forEach((input, i) => expect(events[i]).to.deep.include(input));
    });

    it('reads a page after a sequence number', async () => {
      const page = await sink.read(1, 1);

      expect(page.map((e) => e.requestId)).to.deep.equal(['req-2']);
    });

    it('answers the head of what it stored', async () => {
      const events = await sink.read(0, 10);

      expect(await sink.head()).to.deep.equal({ sequence: 3, hash: events[2]?.hash });
    });

    it('holds an intact chain', async () => {
      expect(await verifyAuditChain(sink)).to.include({ isIntact: true, checked: 3 });
    });

    it('stored what an in-process sink on the same file reads', async () => {
      const direct = await openDirect();
      try {
        const local = new TypeOrmAuditSink(direct);

        expect(await local.read(0, 10)).to.deep.equal(await sink.read(0, 10));
        expect(await local.head()).to.deep.equal(await sink.head());
      } finally {
        await direct.destroy();
      }
    });
  });

  describe('#write', () => {
    context('when the store refuses the batch', () => {
      it('rejects with the error’s name and code only, no stored value', async () => {
        // It continues the stored chain, so the database itself refuses it: the id is taken.
        const [stored] = await sink.read(0, 1);
        const batch = sealEvents(
          [{ ...stored!, requestId: 'taken-1', details: { body: { note: CANARY } } }],
          await sink.head(),
        );
        const direct = await openDirect();
        const local = await new TypeOrmAuditSink(direct).write(batch).catch((e: unknown) => e);
        await direct.destroy();

        const error = await sink.write(batch).catch((e: unknown) => e);

        // The same failure raised in this thread does quote the stored value.
        expect(inspect(local, { depth: 5 })).to.include(CANARY);
        expect(error).to.be.instanceOf(Error);
        expect((error as Error).message)
          .to.not.include(CANARY)
          .and.not.include('taken-1');
        expect(inspect(error, { depth: 5 })).to.not.include(CANARY);
        expect((await sink.read(0, 10)).map((e) => e.requestId)).to.not.include('taken-1');
      });
    });

    context('when the batch does not continue the stored chain', () => {
      it('refuses it and stores nothing, for a gap in the sequence or a wrong link', async () => {
        const head = await sink.head();
        const [stored] = await sink.read(0, 1);
        const fresh = { ...stored!, id: 'gap-1', requestId: 'gap-1' };
        const skipping = sealEvents([fresh], { sequence: head!.sequence + 1, hash: head!.hash });
        const misLinked = sealEvents([fresh], { sequence: head!.sequence, hash: '1'.repeat(64) });

        for (const batch of [skipping, misLinked]) {
          const error = await sink.write(batch).catch((e: unknown) => e);

          expect((error as Error).name).to.equal('AuditChainGapError');
        }
        expect(await sink.head()).to.deep.equal(head);
        expect(sink.isOrdered).to.equal(true);
      });
    });
  });

  describe('the table it creates', () => {
    it('is the table of AuditEventEntity: TypeORM finds nothing to change in it', async () => {
      const direct = await openDirect();
      try {
        const pending = await direct.driver.createSchemaBuilder().log();

        expect(pending.upQueries.map((q) => q.query)).to.deep.equal([]);
      } finally {
        await direct.destroy();
      }
    });

    it('is written without loading TypeORM, on either side of the thread', () => {
      const modules = ['sqlite-audit-sink.ts', 'sqlite-audit-store.ts'].map((file) =>
        join(__dirname, '..', '..', '..', 'src', 'audit', file),
      );
      const script =
        `for (const m of ${JSON.stringify(modules)}) require(m);` +
        `process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes('/typeorm/node_modules/') || k.includes('/node_modules/typeorm/')).length));`;

      const loaded = execFileSync(
        process.execPath,
        ['--conditions=bulwark-source', '-r', 'ts-node/register/transpile-only', '-e', script],
        { encoding: 'utf8' },
      );

      expect(loaded).to.equal('0');
    });

    it('is the table TypeORM creates: the sink opens and writes one TypeORM synchronized', async () => {
      const file = join(directory, 'typeorm-made.sqlite');
      await synchronizedFile(file);
      const other = await SqliteAuditSink.open({ filename: file, shouldCreate: false });
      try {
        await other.write(sealEvents([{ ...(await sink.read(0, 1))[0]!, id: 'made-1' }], null));

        expect((await other.read(0, 5)).map((e) => e.id)).to.deep.equal(['made-1']);
      } finally {
        await other.close();
      }
    });
  });

  describe('.open', () => {
    it('rejects with ERR_AUDIT_UNAVAILABLE when the file cannot open', async () => {
      const notADirectory = join(directory, 'plain-file');
      writeFileSync(notADirectory, 'not a directory');

      const error = await SqliteAuditSink.open({
        filename: join(notADirectory, 'audit.sqlite'),
      }).catch((e: unknown) => e);

      expect(error).to.have.property('code', 'ERR_AUDIT_UNAVAILABLE');
      expect((error as Error).message).to.include('SQLITE_CANTOPEN');
    });

    it('rejects with ERR_AUDIT_UNAVAILABLE for a missing file it may not create', async () => {
      const error = await SqliteAuditSink.open({
        filename: join(directory, 'missing', 'audit.sqlite'),
        shouldCreate: false,
      }).catch((e: unknown) => e);

      expect(error).to.have.property('code', 'ERR_AUDIT_UNAVAILABLE');
    });

    async function openOn(file: string, sql: string | null): Promise<unknown> {
      if (sql !== null) {
        const made = await new DataSource({ type: 'better-sqlite3', database: file }).initialize();
        await made.query(sql);
        await made.destroy();
      }
      return SqliteAuditSink.open({ filename: file, shouldCreate: false }).catch((e: unknown) => e);
    }

    it('refuses a file without the table when it may not create it', async () => {
      const error = await openOn(join(directory, 'no-table.sqlite'), 'CREATE TABLE other (a text)');

      expect(error).to.have.property('code', 'ERR_AUDIT_UNAVAILABLE');
      expect((error as Error).message).to.include(AUDIT_EVENT_TABLE);
    });

    it('refuses a table whose columns differ, naming the column', async () => {
      const sql = `CREATE TABLE ${AUDIT_EVENT_TABLE} ("sequence" bigint PRIMARY KEY NOT NULL, "id" text)`;

      const error = await openOn(join(directory, 'old-table.sqlite'), sql);

      expect(error).to.have.property('code', 'ERR_AUDIT_UNAVAILABLE');
      expect((error as Error).message).to.include('column id ');
    });

    it('refuses a table with a column the event does not have', async () => {
      const file = join(directory, 'extra-column.sqlite');
      await synchronizedFile(file, `ALTER TABLE ${AUDIT_EVENT_TABLE} ADD COLUMN "extra" text`);

      const error = await openOn(file, null);

      expect(error).to.have.property('code', 'ERR_AUDIT_UNAVAILABLE');
    });

    it('runs SQLite in WAL mode at synchronous NORMAL, or FULL when asked', async () => {
      const full = await SqliteAuditSink.open({
        filename: join(directory, 'full.sqlite'),
        synchronous: 'full',
      });
      await full.close();

      expect(sink.synchronous).to.equal(1);
      expect(full.synchronous).to.equal(2);
    });
  });

  describe('#close', () => {
    it('makes later writes, heads and reads reject with ERR_AUDIT_UNAVAILABLE', async () => {
      const closing = await SqliteAuditSink.open({ filename: database, shouldCreate: false });
      const [stored] = await closing.read(0, 1);

      await closing.close();
      await closing.close();

      const failures = await Promise.all([
        closing.write([stored!]).catch((e: unknown) => e),
        closing.head().catch((e: unknown) => e),
        closing.read(0, 1).catch((e: unknown) => e),
      ]);
      for (const failure of failures) {
        expect(failure).to.have.property('code', 'ERR_AUDIT_UNAVAILABLE');
      }
    });

    it('makes a trail’s durable record reject with ERR_AUDIT_UNAVAILABLE', async () => {
      const closing = await SqliteAuditSink.open({ filename: database, shouldCreate: false });
      await closing.close();
      const trail = new AuditTrail({ sink: closing, retryDelayMs: 10_000 });

      const error = await trail.record(eventInput(), { durable: true }).catch((e: unknown) => e);
      await trail.close().catch(() => undefined);

      expect(error).to.have.property('code', 'ERR_AUDIT_UNAVAILABLE');
    });
  });
});
