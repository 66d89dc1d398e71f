import { expect } from 'chai';
import { AuditTrail, REDACTED, sealEvents, verifyAuditChain } from '@bulwark/audit';
import { TypeOrmAuditSink } from '@bulwark/typeorm';
import { describeOnBackends, type OpenedDatabase } from '../../support/audit-backends';
import { countingFactories, eventInput } from '../../../../../test/audit/support/event-input';

describeOnBackends('TypeOrmAuditSink', (database) => {
  let db: OpenedDatabase;
  let sink: TypeOrmAuditSink;

  beforeEach(() => {
    db = database();
    sink = new TypeOrmAuditSink(db.dataSource);
  });

  async function recordMany(count: number, trail = new AuditTrail({ sink })): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      await trail.record(eventInput({ requestId: `req-${i + 1}` }), { durable: true });
    }
  }

  describe('#write', () => {
    it('stores every field so the event reads back exactly as recorded', async () => {
      const trail = new AuditTrail({ sink, factories: countingFactories() });
      const input = eventInput({
        actor: { id: null, kind: 'anonymous' },
        outcome: 'denied',
        status: 403,
        reason: 'ERR_AUTHZ_DENIED',
        userAgent: null,
        details: { params: { id: 'n-1' }, body: { title: 'Hi ✓', password: 'hunter2' } },
      });

      await trail.record(input, { durable: true });

      const [event] = await sink.read(0, 10);
      expect(event).to.deep.include({
        ...input,
        id: 'evt-000001',
        time: '2026-01-01T00:00:01.000Z',
        sequence: 1,
        details: { params: { id: 'n-1' }, body: { title: 'Hi ✓', password: REDACTED } },
      });
    });

    it('stores a batch larger than one statement in one transaction', async () => {
      const trail = new AuditTrail({ sink, flushIntervalMs: 10_000 });
      for (let i = 0; i < 450; i += 1) await trail.record(eventInput(), { durable: false });

      await trail.flush();

      expect((await sink.head())?.sequence).to.equal(450);
      expect((await verifyAuditChain(sink, { pageSize: 100 })).checked).to.equal(450);
    });

    it('stores nothing of a batch whose sequence is already taken', async () => {
      await recordMany(1);
      const [stored] = await sink.read(0, 1);
      const batch = sealEvents(
        [
          { ...stored!, id: 'fresh-1' },
          { ...stored!, id: 'fresh-2' },
        ],
        { sequence: 0, hash: stored!.previousHash },
      );

      const error = await sink.write(batch).catch((e: unknown) => e);

      expect(error).to.be.instanceOf(Error);
      expect(await sink.read(0, 10)).to.have.length(1);
    });
  });

  describe('#head', () => {
    it('returns null for an empty table and the last event afterwards', async () => {
      expect(await sink.head()).to.equal(null);
      await recordMany(3);
      const events = await sink.read(0, 10);
      expect(await sink.head()).to.deep.equal({ sequence: 3, hash: events[2]?.hash });
    });
  });

  context('when two trails write to the same table', () => {
    it('keeps one linear chain', async () => {
      const first = new AuditTrail({ sink });
      const second = new AuditTrail({ sink: new TypeOrmAuditSink(db.dataSource) });

      for (let i = 0; i < 5; i += 1) {
        await first.record(eventInput(), { durable: true });
        await second.record(eventInput(), { durable: true });
      }

      expect(await verifyAuditChain(sink)).to.include({ isIntact: true, checked: 10 });
    });
  });

  context('when the table is gone', () => {
    it('makes durable records reject with ERR_AUDIT_UNAVAILABLE and keeps the event', async () => {
      const trail = new AuditTrail({ sink, retryDelayMs: 10_000 });
      await db.dataSource.query(`DROP TABLE ${db.table}`);

      const error = await trail.record(eventInput(), { durable: true }).catch((e: unknown) => e);

      expect((error as { code?: string }).code).to.equal('ERR_AUDIT_UNAVAILABLE');
      expect(trail.pending).to.equal(1);
    });
  });

  context('when rows are tampered with in the database', () => {
    beforeEach(async () => {
      await recordMany(6);
    });

    it('reports an intact chain before any tampering', async () => {
      expect(await verifyAuditChain(sink)).to.include({ isIntact: true, checked: 6 });
    });

    it('finds a modified column', async () => {
      await db.dataSource.query(`UPDATE ${db.table} SET outcome = 'denied' WHERE sequence = 3`);

      const report = await verifyAuditChain(sink);

      expect(report.problem).to.include({ kind: 'modified', sequence: 3 });
    });

    it('finds modified details', async () => {
      const details = JSON.stringify({ params: { id: 'note-2' } });
      await db.dataSource.query(`UPDATE ${db.table} SET details = '${details}' WHERE sequence = 2`);

      expect((await verifyAuditChain(sink)).problem).to.include({
        kind: 'modified',
        sequence: 2,
      });
    });

    it('finds a deleted row', async () => {
      await db.dataSource.query(`DELETE FROM ${db.table} WHERE sequence = 4`);

      expect((await verifyAuditChain(sink)).problem).to.include({ kind: 'deleted', sequence: 4 });
    });

    it('finds reordered rows', async () => {
      await db.dataSource.query(`UPDATE ${db.table} SET sequence = -1 WHERE sequence = 2`);
      await db.dataSource.query(`UPDATE ${db.table} SET sequence = 2 WHERE sequence = 3`);
      await db.dataSource.query(`UPDATE ${db.table} SET sequence = 3 WHERE sequence = -1`);

      const report = await verifyAuditChain(sink);

      expect(report.problem).to.include({ kind: 'reordered', sequence: 2 });
    });

    it('finds rows deleted from the end against a head kept elsewhere', async () => {
      const expectedHead = await sink.head();
      await db.dataSource.query(`DELETE FROM ${db.table} WHERE sequence > 4`);

      const report = await verifyAuditChain(sink, { expectedHead: expectedHead! });

      expect(report.problem).to.include({ kind: 'deleted', sequence: 5 });
    });
  });
});
