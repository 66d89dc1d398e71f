import { expect } from 'chai';
import { DataSource } from 'typeorm';
import { AuditTrail, REDACTED } from '@bulwark/audit';
import { AUDIT_EVENT_TABLE, AuditEventEntity, fromRow, TypeOrmAuditSink } from '@bulwark/typeorm';
import type { AuditEventRow } from '@bulwark/typeorm';
import { countingFactories, eventInput } from '../../../../../test/audit/support/event-input';

describe('TypeOrmAuditSink', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [AuditEventEntity],
      synchronize: true,
    });
    await dataSource.initialize();
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  async function rows(): Promise<AuditEventRow[]> {
    return dataSource.getRepository(AuditEventEntity).find({ order: { time: 'ASC' } });
  }

  describe('#write', () => {
    it('stores every field so the event reads back exactly as recorded', async () => {
      const sink = new TypeOrmAuditSink(dataSource);
      const trail = new AuditTrail({ sink, factories: countingFactories() });
      const input = eventInput({
        actor: { id: null, kind: 'anonymous' },
        outcome: 'denied',
        status: 403,
        reason: 'ERR_AUTHZ_DENIED',
        userAgent: null,
        details: { params: { id: 'note-1' }, body: { title: 'Hi', password: 'hunter2' } },
      });

      await trail.record(input, { durable: true });

      const [row] = await rows();
      const event = fromRow(row as AuditEventRow);
      expect(event).to.deep.equal({
        ...input,
        id: 'evt-000001',
        time: '2026-01-01T00:00:01.000Z',
        details: { params: { id: 'note-1' }, body: { title: 'Hi', password: REDACTED } },
      });
    });

    it('stores a large batch in one transaction', async () => {
      const sink = new TypeOrmAuditSink(dataSource);
      const trail = new AuditTrail({ sink, flushIntervalMs: 10_000 });
      for (let i = 0; i < 450; i += 1) await trail.record(eventInput(), { durable: false });

      await trail.flush();

      expect(await dataSource.getRepository(AuditEventEntity).count()).to.equal(450);
    });

    it('stores nothing of a batch when one row fails', async () => {
      const sink = new TypeOrmAuditSink(dataSource);
      const trail = new AuditTrail({
        sink,
        factories: { now: () => new Date(0), newId: () => 'same' },
      });
      await trail.record(eventInput(), { durable: true });

      const error = await sink
        .write([
          { ...fromRow((await rows())[0] as AuditEventRow), id: 'fresh' },
          fromRow((await rows())[0] as AuditEventRow),
        ])
        .catch((e: unknown) => e);

      expect(error).to.be.instanceOf(Error);
      expect(await dataSource.getRepository(AuditEventEntity).count()).to.equal(1);
    });
  });

  context('when the database is unavailable', () => {
    it('makes durable records reject with ERR_AUDIT_UNAVAILABLE', async () => {
      const sink = new TypeOrmAuditSink(dataSource);
      const trail = new AuditTrail({ sink, retryDelayMs: 10_000 });
      await dataSource.query(`DROP TABLE ${AUDIT_EVENT_TABLE}`);

      const error = await trail.record(eventInput(), { durable: true }).catch((e: unknown) => e);

      expect((error as { code?: string }).code).to.equal('ERR_AUDIT_UNAVAILABLE');
      expect(trail.pending).to.equal(1);
    });
  });
});
