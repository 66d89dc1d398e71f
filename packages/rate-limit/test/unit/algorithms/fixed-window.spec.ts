import { expect } from 'chai';
import { fixedWindow } from '../../../src/algorithms/fixed-window';

describe('fixedWindow', () => {
  const p = { limit: 3, windowMs: 1000, cost: 1 };

  context('when the key is new', () => {
    it('opens a window at the first request and counts it', () => {
      const step = fixedWindow(null, p, 5000);
      expect(step.outcome).to.deep.equal({
        isAllowed: true,
        remaining: 2,
        resetMs: 1000,
        retryAfterMs: 0,
      });
      expect(step.next).to.deep.equal({ used: 1, resetAt: 6000 });
      expect(step.expiresAt).to.equal(6000);
    });
  });

  context('when the window is exhausted', () => {
    it('refuses until the window ends and reports the wait', () => {
      const step = fixedWindow({ used: 3, resetAt: 6000 }, p, 5400);
      expect(step.outcome).to.deep.equal({
        isAllowed: false,
        remaining: 0,
        resetMs: 600,
        retryAfterMs: 600,
      });
      expect(step.next).to.deep.equal({ used: 3, resetAt: 6000 });
    });
  });

  context('at the window boundary', () => {
    it('still refuses one millisecond before the end', () => {
      expect(fixedWindow({ used: 3, resetAt: 6000 }, p, 5999).outcome.isAllowed).to.equal(false);
    });

    it('starts a fresh window exactly at the end', () => {
      const step = fixedWindow({ used: 3, resetAt: 6000 }, p, 6000);
      expect(step.outcome.isAllowed).to.equal(true);
      expect(step.next).to.deep.equal({ used: 1, resetAt: 7000 });
    });
  });

  context('when the cost exceeds what remains', () => {
    it('refuses the request whole and consumes nothing', () => {
      const step = fixedWindow({ used: 1, resetAt: 6000 }, { ...p, cost: 3 }, 5000);
      expect(step.outcome.isAllowed).to.equal(false);
      expect(step.outcome.remaining).to.equal(2);
      expect(step.next.used).to.equal(1);
    });

    it('admits a cost equal to what remains', () => {
      const step = fixedWindow({ used: 1, resetAt: 6000 }, { ...p, cost: 2 }, 5000);
      expect(step.outcome).to.include({ isAllowed: true, remaining: 0 });
    });
  });
});
