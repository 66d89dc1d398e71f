import { expect } from 'chai';
import { tokenBucket } from '../../../src/algorithms/token-bucket';

describe('tokenBucket', () => {
  it('starts full and stores the arrival time after the cost', () => {
    const step = tokenBucket(null, { limit: 4, windowMs: 1000, cost: 1 }, 10_000);
    expect(step.outcome).to.deep.equal({
      isAllowed: true,
      remaining: 3,
      resetMs: 250,
      retryAfterMs: 0,
    });
    expect(step.next).to.deep.equal({ tat: 10_250 });
  });

  it('counts whole tokens exactly when the interval is not a whole number', () => {
    const p = { limit: 3, windowMs: 1000, cost: 1 };
    let state = null;
    const remaining = [];
    for (let i = 0; i < 3; i += 1) {
      const step = tokenBucket(state, p, 0);
      remaining.push(step.outcome.remaining);
      state = step.next;
    }
    expect(remaining).to.deep.equal([2, 1, 0]);
    expect(tokenBucket(state, p, 0).outcome.isAllowed).to.equal(false);
    expect(tokenBucket(state, p, 334).outcome.isAllowed).to.equal(true);
  });

  it('refuses without moving the arrival time', () => {
    const step = tokenBucket({ tat: 11_000 }, { limit: 4, windowMs: 1000, cost: 1 }, 10_000);
    expect(step.outcome.isAllowed).to.equal(false);
    expect(step.next).to.deep.equal({ tat: 11_000 });
  });
});
