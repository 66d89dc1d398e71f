import { expect } from 'chai';
import { type AuditEvent, type AuditEventInput } from '@bulwark/audit';
import { FloodControl } from '../../src/flood-control';
import { eventInput } from '../../../../test/audit/support/event-input';

function denial(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    ...eventInput({ action: 'authz.denied', outcome: 'denied', status: 403 }),
    id: 'e',
    time: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('FloodControl', () => {
  let now = 0;
  let summaries: AuditEventInput[] = [];
  const clock = () => new Date(now);
  const collect = (batch: AuditEventInput[]) => summaries.push(...batch);

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    summaries = [];
  });

  describe('#admit', () => {
    it('admits perKey events of one key per window and counts the rest', () => {
      const flood = new FloodControl({ perKey: 2 }, clock, collect);

      const decisions = [1, 2, 3, 4].map(() => flood.admit(denial()));
      flood.close();

      expect(decisions).to.deep.equal([true, true, false, false]);
      expect(summaries).to.have.length(1);
      expect(summaries[0]?.details).to.deep.equal({
        aggregated: {
          count: 2,
          firstTime: '2026-01-01T00:00:00.000Z',
          lastTime: '2026-01-01T00:00:00.000Z',
        },
      });
    });

    it('keeps keys apart by client address and actor', () => {
      const flood = new FloodControl({ perKey: 1 }, clock, collect);

      expect(flood.admit(denial({ clientAddress: '10.0.0.1' }))).to.equal(true);
      expect(flood.admit(denial({ clientAddress: '10.0.0.2' }))).to.equal(true);
      expect(flood.admit(denial({ actor: { id: 'u2', kind: 'user' } }))).to.equal(true);
    });

    it('starts counting afresh in the next window and hands out the previous summary', () => {
      const flood = new FloodControl({ perKey: 1, windowMs: 1000 }, clock, collect);
      flood.admit(denial());
      flood.admit(denial());

      now += 1000;

      expect(flood.admit(denial())).to.equal(true);
      expect(summaries).to.have.length(1);
    });

    it('hands out the summary when the window timer fires', async () => {
      const flood = new FloodControl({ perKey: 1, windowMs: 5 }, () => new Date(), collect);
      flood.admit(denial());
      flood.admit(denial());

      await new Promise((resolve) => setTimeout(resolve, 30));

      expect(summaries).to.have.length(1);
    });
  });

  context('when an attacker varies addresses beyond the window budget', () => {
    it('counts new keys under one coarse summary per action and status', () => {
      const flood = new FloodControl({ perKey: 1, perWindow: 10 }, clock, collect);

      let admitted = 0;
      for (let i = 0; i < 5000; i += 1) {
        if (flood.admit(denial({ clientAddress: `10.0.${i >> 8}.${i & 255}` }))) admitted += 1;
      }
      flood.close();

      expect(admitted).to.equal(10);
      expect(summaries).to.have.length(1);
      expect(summaries[0]).to.include({ route: '*', clientAddress: '*' });
      expect(summaries[0]?.details).to.deep.include({
        aggregated: { count: 4990, firstTime: denial().time, lastTime: denial().time },
      });
    });
  });

  describe('#close', () => {
    it('hands out nothing when nothing was counted', () => {
      const flood = new FloodControl({}, clock, collect);
      flood.admit(denial());

      flood.close();

      expect(summaries).to.deep.equal([]);
    });
  });
});
