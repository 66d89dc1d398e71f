import { expect } from 'chai';
import { concurrency, releaseLease } from '../../../src/algorithms/concurrency';

describe('concurrency', () => {
  const p = { limit: 3, windowMs: 5000, cost: 1 };

  it('counts the slots of live leases and ignores lapsed ones', () => {
    const state = {
      leases: [
        ['a', 900, 2],
        ['b', 2000, 1],
      ] as const,
    };
    const step = concurrency(state, p, 1000, 'c');
    expect(step.outcome).to.include({ isAllowed: true, remaining: 1 });
    expect(step.next.leases.map(([id]) => id)).to.deep.equal(['b', 'c']);
  });

  it('refuses a request needing more slots than are free', () => {
    const state = { leases: [['a', 9000, 2]] as const };
    expect(concurrency(state, { ...p, cost: 2 }, 1000, 'b').outcome).to.deep.equal({
      isAllowed: false,
      remaining: 1,
      resetMs: 8000,
      retryAfterMs: 1000,
    });
  });
});

describe('releaseLease', () => {
  it('drops only the named lease', () => {
    const state = {
      leases: [
        ['a', 9000, 1],
        ['b', 9000, 1],
      ] as const,
    };
    expect(releaseLease(state, 'a').leases.map(([id]) => id)).to.deep.equal(['b']);
  });
});
