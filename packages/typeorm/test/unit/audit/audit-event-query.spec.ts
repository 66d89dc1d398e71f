import { expect } from 'chai';
import { AuditTrail } from '@bulwark/audit';
import { findAuditEvents, TypeOrmAuditSink } from '@bulwark/typeorm';
import type { DataSource } from 'typeorm';
import { describeOnBackends } from '../../support/audit-backends';
import { countingFactories, eventInput } from '../../../../../test/audit/support/event-input';

describeOnBackends('findAuditEvents', (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = database().dataSource;
    const trail = new AuditTrail({
      sink: new TypeOrmAuditSink(dataSource),
      factories: countingFactories(Date.UTC(2026, 0, 1)),
      floodControl: false,
    });
    const inputs = [
      eventInput({ actor: { id: 'ann', kind: 'user' }, action: 'note.create' }),
      eventInput({ actor: { id: 'ann', kind: 'user' }, action: 'note.update' }),
      eventInput({
        actor: { id: 'bob', kind: 'user' },
        action: 'note.update',
        outcome: 'denied',
        status: 403,
      }),
      eventInput({
        actor: { id: 'bob', kind: 'user' },
        action: 'note.delete',
        subject: { type: 'Note', id: 'n-9' },
      }),
      eventInput({
        actor: { id: null, kind: 'anonymous' },
        action: 'authn.failure',
        outcome: 'denied',
        status: 401,
      }),
    ];
    for (const input of inputs) await trail.record(input, { durable: true });
  });

  it('returns events newest first', async () => {
    const page = await findAuditEvents(dataSource);

    expect(page.items.map((e) => e.sequence)).to.deep.equal([5, 4, 3, 2, 1]);
    expect(page.nextBefore).to.equal(null);
  });

  it('filters by actor, action, subject and outcome together', async () => {
    const byActor = await findAuditEvents(dataSource, { actorId: 'bob' });
    const byAction = await findAuditEvents(dataSource, {
      action: 'note.update',
      outcome: 'denied',
    });
    const bySubject = await findAuditEvents(dataSource, { subjectType: 'Note', subjectId: 'n-9' });

    expect(byActor.items.map((e) => e.sequence)).to.deep.equal([4, 3]);
    expect(byAction.items.map((e) => e.actor.id)).to.deep.equal(['bob']);
    expect(bySubject.items.map((e) => e.action)).to.deep.equal(['note.delete']);
  });

  it('filters by a time range, from inclusive and to exclusive', async () => {
    const page = await findAuditEvents(dataSource, {
      from: '2026-01-01T00:00:02.000Z',
      to: '2026-01-01T00:00:04Z',
    });

    expect(page.items.map((e) => e.sequence)).to.deep.equal([3, 2]);
  });

  it('pages with a cursor until the last page', async () => {
    const first = await findAuditEvents(dataSource, { limit: 2 });
    const second = await findAuditEvents(dataSource, { limit: 2, before: first.nextBefore! });
    const third = await findAuditEvents(dataSource, { limit: 2, before: second.nextBefore! });

    expect([first, second, third].map((p) => p.items.map((e) => e.sequence))).to.deep.equal([
      [5, 4],
      [3, 2],
      [1],
    ]);
    expect(third.nextBefore).to.equal(null);
  });

  it('treats filter values as data, not SQL', async () => {
    const page = await findAuditEvents(dataSource, { actorId: "ann' OR '1'='1" });

    expect(page.items).to.deep.equal([]);
  });

  context('when the paging or times are invalid', () => {
    it('rejects an out-of-range limit and an invalid time', async () => {
      const errors = await Promise.all([
        findAuditEvents(dataSource, { limit: 0 }).catch((e: unknown) => e),
        findAuditEvents(dataSource, { limit: 501 }).catch((e: unknown) => e),
        findAuditEvents(dataSource, { from: 'yesterday' }).catch((e: unknown) => e),
      ]);

      for (const error of errors) expect(error).to.be.instanceOf(RangeError);
    });
  });
});
